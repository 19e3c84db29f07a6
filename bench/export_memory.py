"""Peak RSS of `jiraex export` (every format and --zip) as the issue count grows: is memory flat?

The simulator runs without latency or rate limit, with tiny attachments (1 KiB at most) so that disk use and
time stay bounded while the attachment and ZIP paths still run. Target: peak(100k) ≤ 1.2 × peak(1k) + 20 MiB.
Usage: ``python bench/export_memory.py [--full]`` (see bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from request_budget import truth_totals
from results_file import machine, table, write_result
from sim_process import EMAIL, TOKEN, SimProcess
from timed_process import run_measured

JQL = "project is not EMPTY"
GROWTH_FACTOR, GROWTH_ALLOWANCE_MIB = 1.2, 20.0
REPEAT_UP_TO = 10000


def _jiraex() -> str:
    return str(Path(sys.executable).parent / "jiraex")


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def measure(issues: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    out = work / f"export-{issues}"
    sim_args = ["--max-attachment-bytes", str(args.max_attachment_bytes)]
    with SimProcess(issues=issues, seed=args.seed, extra_args=sim_args) as sim:
        truth = sim.ground_truth(JQL)["issues"]
        command = [_jiraex(), "export", "--url", sim.base_url, "--email", EMAIL, "--token-file",
                   str(work / "token"), "--jql", JQL, "--zip", "--out", str(out)]
        if args.no_attachments:
            command.append("--no-attachments")
        measured = run_measured(command)
    if measured.returncode != 0:
        raise RuntimeError(f"jiraex export failed ({measured.returncode}): {measured.stderr.strip()[-2000:]}")
    counts = json.loads((out / "manifest.json").read_text())["counts"]
    expected = truth_totals(truth)
    if args.no_attachments:
        expected.update(attachments=0, attachment_bytes=0)
    archive = out.with_name(f"{out.name}.zip")
    row = {
        "issues": issues, "wall_s": round(measured.wall_s, 1), "cpu_s": round(measured.cpu_s, 1),
        "peak_rss_mib": round(measured.peak_rss_mib, 1), "measured_with": measured.tool,
        "cpu_s_per_1k_issues": round(measured.cpu_s / issues * 1000, 2),
        "folder_mib": round(_size(out) / 2**20, 1), "zip_mib": round(_size(archive) / 2**20, 1),
        "counts": counts,
        "counts_mismatched": {k: (counts.get(k), v) for k, v in expected.items() if counts.get(k) != v},
    }
    shutil.rmtree(out)
    archive.unlink()
    return row


def measure_size(issues: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Sizes up to REPEAT_UP_TO run `--repeats` times (their peak varies with task timing): the median run."""
    runs = [measure(issues, args, work) for _ in range(args.repeats if issues <= REPEAT_UP_TO else 1)]
    runs.sort(key=lambda run: run["peak_rss_mib"])
    return {**runs[len(runs) // 2], "peak_rss_mib_runs": [run["peak_rss_mib"] for run in runs]}


def verdicts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each larger size against the smallest: allowed = 1.2 × peak(smallest) + 20 MiB."""
    base = rows[0]
    allowed = GROWTH_FACTOR * base["peak_rss_mib"] + GROWTH_ALLOWANCE_MIB
    return [
        {"issues": row["issues"], "peak_rss_mib": row["peak_rss_mib"], "allowed_mib": round(allowed, 1),
         "met": row["peak_rss_mib"] <= allowed,
         "growth_mib_per_1k_issues": round(
             (row["peak_rss_mib"] - base["peak_rss_mib"]) / (row["issues"] - base["issues"]) * 1000, 2)}
        for row in rows[1:]
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also 100,000 issues (about half an hour here)")
    parser.add_argument("--sizes", help="comma list of issue counts (default 1000,10000; --full adds 100000)")
    parser.add_argument("--max-attachment-bytes", type=int, default=1024, help="largest attachment")
    parser.add_argument("--no-attachments", action="store_true", help="export without attachments")
    parser.add_argument("--seed", type=int, default=1, help="dataset seed")
    parser.add_argument("--repeats", type=int, default=3,
                        help=f"runs per size up to {REPEAT_UP_TO:,} issues (the median is reported)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [1000, 10000]
    if args.full and 100000 not in sizes:
        sizes.append(100000)
    sizes.sort()
    host = machine()
    work = Path(tempfile.mkdtemp(prefix="jiraex-bench-mem-"))
    (work / "token").write_text(TOKEN)
    rows: list[dict[str, Any]] = []
    try:
        for issues in sizes:
            if rows:
                runs = args.repeats if issues <= REPEAT_UP_TO else 1
                guess = rows[-1]["wall_s"] * issues / rows[-1]["issues"] * runs / 60
                print(f"{issues} issues: expect about {guess:.0f} min", flush=True)
            rows.append(measure_size(issues, args, work))
            row = rows[-1]
            print(f"{issues} issues: peak RSS {row['peak_rss_mib_runs']} MiB "
                  f"(median {row['peak_rss_mib']:.1f}), {row['wall_s']:.0f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table(
        ["issues", "peak RSS MiB (median)", "runs", "wall s", "CPU s", "CPU s/1k issues", "folder MiB",
         "zip MiB", "counts ok"],
        [[r["issues"], r["peak_rss_mib"], " ".join(map(str, r["peak_rss_mib_runs"])), r["wall_s"], r["cpu_s"],
          r["cpu_s_per_1k_issues"], r["folder_mib"], r["zip_mib"],
          "yes" if not r["counts_mismatched"] else "NO"] for r in rows],
    ))
    checks = verdicts(rows) if len(rows) > 1 else []
    for check in checks:
        print(f"peak({check['issues']}) = {check['peak_rss_mib']} MiB vs allowed {check['allowed_mib']} MiB "
              f"(1.2 × peak({rows[0]['issues']}) + 20): {'met' if check['met'] else 'MISSED'}; "
              f"growth {check['growth_mib_per_1k_issues']} MiB per 1k issues")
    name = "export_memory" + ("_full" if args.full else "")
    name += "_noattachments" if args.no_attachments else ""
    path = write_result(name, {
        "machine": host,
        "settings": {
            "sizes": sizes, "jql": JQL, "formats": "all + --zip", "simulator": "no latency, no rate limit",
            "max_attachment_bytes": args.max_attachment_bytes, "attachments": not args.no_attachments,
            "seed": args.seed, "repeats_up_to_10k": args.repeats,
        },
        "target": "peak(100k) <= 1.2 * peak(1k) + 20 MiB", "runs": rows, "checks": checks,
    })
    print(f"results: {path}")
    complete = all(not r["counts_mismatched"] for r in rows)
    return 0 if complete and all(c["met"] for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
