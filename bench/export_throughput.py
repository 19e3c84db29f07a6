"""Throughput of `jiraex export` against the naive `jira`-library loop, both rate-limited, in one run.

The simulator answers every request after 100 ms and allows 20 requests/s per credential. Ours exports the
whole dataset with everything included; the baseline exports a slice of the same dataset (its cost per issue
is constant). Usage: ``python bench/export_throughput.py [--full] [--repeats 3]`` (see bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from naive_export import completeness_gaps, naive_export
from request_budget import minimum_requests, summarise_stats, truth_totals
from results_file import machine, table, write_result
from sim_process import EMAIL, TOKEN, SimProcess
from timed_process import run_measured

OURS_JQL = "project is not EMPTY"
TARGETS = {"speedup_min": 5.0, "rate_share_min": 0.9, "share_429_max": 0.01, "early_retries_max": 0,
           "requests_over_minimum_max": 1.1}


def _slice_jql(issues: int) -> str:
    # ALPHA keys are dense from ALPHA-1, so this is the first `issues` issues of one project.
    return f"project = ALPHA AND key <= ALPHA-{issues}"


def _jiraex() -> str:
    return str(Path(sys.executable).parent / "jiraex")


def run_ours(sim: SimProcess, work: Path, args: argparse.Namespace, truth: list[dict], minimum: int) -> dict:
    out = work / "ours"
    command = [_jiraex(), "export", "--url", sim.base_url, "--email", EMAIL,
               "--token-file", str(work / "token"), "--jql", OURS_JQL, "--out", str(out)]
    if not args.no_cap:
        command += ["--rate-limit", f"{args.rate_limit:g}"]
    sim.reset_stats()
    measured = run_measured(command)
    requests = summarise_stats(sim.stats())
    if measured.returncode != 0:
        raise RuntimeError(f"jiraex export failed ({measured.returncode}): {measured.stderr.strip()[-2000:]}")
    counts = json.loads((out / "manifest.json").read_text())["counts"]
    expected = truth_totals(truth)
    mismatched = {k: (counts.get(k), value) for k, value in expected.items() if counts.get(k) != value}
    shutil.rmtree(out)
    extract_s = requests.active_seconds  # stats were reset just before the process started
    return {
        "issues": len(truth), "wall_s": round(measured.wall_s, 2), "cpu_s": round(measured.cpu_s, 2),
        "peak_rss_mib": round(measured.peak_rss_mib, 1), "issues_per_s": len(truth) / measured.wall_s,
        "jira_requests": requests.jira_requests, "media_requests": requests.media_requests,
        "requests_over_minimum": requests.jira_requests / minimum, "rate": requests.rate,
        "rate_share": requests.rate / args.rate_limit, "status_429": requests.status_429,
        "share_429": requests.share_429, "early_retries": requests.early_retries,
        "early_retries_same_connection": requests.early_same_connection,
        "arrivals_within_retry_after": requests.within_retry_after,
        "requests_active_s": extract_s, "after_last_request_s": round(measured.wall_s - extract_s, 1),
        "counts_mismatched": mismatched, "by_endpoint": requests.by_endpoint,
        "per_second": requests.per_second,
    }


def run_baseline(sim: SimProcess, work: Path, jql: str, truth: list[dict]) -> dict:
    sim.reset_stats()
    result = naive_export(sim.base_url, EMAIL, TOKEN, jql, work / "naive")
    requests = summarise_stats(sim.stats())
    shutil.rmtree(work / "naive")
    gaps = completeness_gaps(result, truth)
    return {
        "issues": result.issues, "wall_s": round(result.wall_s, 2), "cpu_s": round(result.cpu_s, 2),
        "issues_per_s": result.issues / result.wall_s, "jira_requests": requests.jira_requests,
        "requests_per_issue": requests.jira_requests / max(1, result.issues), "rate": requests.rate,
        "status_429": requests.status_429, "early_retries": requests.early_retries,
        "completeness_gaps": gaps[:20], "gap_count": len(gaps),
    }


def _expected_minutes(minimum: int, slice_truth: list[dict], args: argparse.Namespace) -> tuple[float, float]:
    """Rough lower bounds: ours is rate-bound; the baseline waits one latency per request (two per file)."""
    ours = minimum / args.rate_limit
    files = sum(len(issue["attachments"]) for issue in slice_truth)
    naive_requests = len(slice_truth) * 3 + len(slice_truth) / 100 + 2 * files
    return ours / 60, naive_requests * args.latency_ms / 1000 / 60


def _median(rows: list[dict], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def summarise(repeats: list[dict[str, dict]], args: argparse.Namespace) -> dict[str, Any]:
    ours = [r["ours"] for r in repeats]
    naive = [r["baseline"] for r in repeats]
    speedups = [o["issues_per_s"] / b["issues_per_s"] for o, b in zip(ours, naive, strict=True)]
    summary = {
        "speedup_median": statistics.median(speedups), "speedups": speedups,
        "ours_issues_per_s_median": _median(ours, "issues_per_s"),
        "baseline_issues_per_s_median": _median(naive, "issues_per_s"),
        "rate_median": _median(ours, "rate"), "rate_share_median": _median(ours, "rate_share"),
        "share_429_max": max(o["share_429"] for o in ours),
        "early_retries_max": max(o["early_retries"] for o in ours),
        "requests_over_minimum_median": _median(ours, "requests_over_minimum"),
        "complete": all(not o["counts_mismatched"] for o in ours) and all(b["gap_count"] == 0 for b in naive),
    }
    over_minimum = summary["requests_over_minimum_median"]
    summary["targets_met"] = {
        "speedup": summary["speedup_median"] >= TARGETS["speedup_min"],
        "rate_share": summary["rate_share_median"] >= TARGETS["rate_share_min"],
        "share_429": summary["share_429_max"] < TARGETS["share_429_max"],
        "early_retries": summary["early_retries_max"] <= TARGETS["early_retries_max"],
        "requests_over_minimum": over_minimum <= TARGETS["requests_over_minimum_max"],
    }
    return summary


def _print_report(repeats: list[dict[str, dict]], summary: dict[str, Any], args: argparse.Namespace) -> None:
    rows = []
    for number, rep in enumerate(repeats, 1):
        o, b = rep["ours"], rep["baseline"]
        rows.append([
            number, f"{o['issues']}", f"{o['wall_s']:.0f}", f"{o['issues_per_s']:.2f}", f"{b['issues']}",
            f"{b['wall_s']:.0f}", f"{b['issues_per_s']:.2f}", f"{o['issues_per_s'] / b['issues_per_s']:.1f}x",
            f"{o['rate']:.2f} ({o['rate_share']:.0%})", f"{o['share_429']:.2%}", o["early_retries"],
            f"{o['jira_requests']}/{rep['minimum']} = {o['requests_over_minimum']:.3f}",
        ])
    print(table(
        ["run", "ours issues", "s", "issues/s", "naive issues", "s", "issues/s", "speedup",
         "ours req/s (of limit)", "429", "early", "requests/minimum"],
        rows,
    ))
    met = {name: "met" if ok else "MISSED" for name, ok in summary["targets_met"].items()}
    print(
        f"\nmedian speedup {summary['speedup_median']:.1f}x (target ≥ 5: {met['speedup']}); "
        f"req/s {summary['rate_median']:.2f} = {summary['rate_share_median']:.0%} of {args.rate_limit:g} "
        f"(target ≥ 90%: {met['rate_share']}); "
        f"429s ≤ {summary['share_429_max']:.2%} (target < 1%: {met['share_429']}); "
        f"early retries {summary['early_retries_max']} ({met['early_retries']}); "
        f"requests/minimum {summary['requests_over_minimum_median']:.3f} "
        f"(target ≤ 1.1: {met['requests_over_minimum']}); "
        f"complete data: {'yes' if summary['complete'] else 'NO'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true",
                        help="the issue's sizes: 20,000 issues, 1,000 for the baseline")
    parser.add_argument("--issues", type=int, help="issues ours exports (default 5000; 20000 with --full)")
    parser.add_argument("--baseline-issues", type=int, help="baseline slice (default 400; 1000 with --full)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of both; the ratio is their median")
    parser.add_argument("--latency-ms", type=int, default=100, help="simulated latency of every request")
    parser.add_argument("--rate-limit", type=float, default=20.0,
                        help="the simulator's requests/s per credential")
    parser.add_argument("--max-attachment-bytes", type=int, default=64 * 1024, help="largest attachment")
    parser.add_argument("--no-cap", action="store_true",
                        help="do not tell jiraex the limit (--rate-limit); it must find it from the 429s")
    parser.add_argument("--seed", type=int, default=1, help="dataset seed")
    args = parser.parse_args()
    issues = args.issues or (20000 if args.full else 5000)
    slice_size = args.baseline_issues or (1000 if args.full else 400)
    sim_args = ["--max-attachment-bytes", str(args.max_attachment_bytes), "--latency", f"*={args.latency_ms}",
                "--rate-limit", f"{args.rate_limit:g}"]
    host = machine()
    work = Path(tempfile.mkdtemp(prefix="jiraex-bench-"))
    (work / "token").write_text(TOKEN)
    try:
        with SimProcess(issues=issues, seed=args.seed, extra_args=sim_args) as sim:
            truth = sim.ground_truth(OURS_JQL)["issues"]
            slice_jql = _slice_jql(slice_size)
            slice_truth = sim.ground_truth(slice_jql)["issues"]
            minimum = minimum_requests(truth)
            ours_min, naive_min = _expected_minutes(minimum.total, slice_truth, args)
            print(f"{len(truth)} issues for ours, {len(slice_truth)} for the baseline ({slice_jql}); minimum "
                  f"{minimum.total} Jira requests {minimum.as_dict()}; expected ≥ {ours_min:.1f} + "
                  f"{naive_min:.1f} min per run, {args.repeats} runs", flush=True)
            repeats = []
            for number in range(1, args.repeats + 1):
                ours = run_ours(sim, work, args, truth, minimum.total)
                print(f"run {number}: ours {ours['issues_per_s']:.2f} issues/s in {ours['wall_s']:.0f} s",
                      flush=True)
                sim.settle()
                baseline = run_baseline(sim, work, slice_jql, slice_truth)
                print(f"run {number}: baseline {baseline['issues_per_s']:.2f} issues/s "
                      f"in {baseline['wall_s']:.0f} s", flush=True)
                sim.settle()
                repeats.append({"ours": ours, "baseline": baseline, "minimum": minimum.total})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = summarise(repeats, args)
    _print_report(repeats, summary, args)
    name = "export_throughput" + ("_full" if args.full else "") + ("_nocap" if args.no_cap else "")
    path = write_result(name, {
        "machine": host,
        "settings": {
            "issues": issues, "baseline_issues": slice_size, "baseline_jql": slice_jql, "ours_jql": OURS_JQL,
            "repeats": args.repeats, "latency_ms": args.latency_ms, "rate_limit": args.rate_limit,
            "max_attachment_bytes": args.max_attachment_bytes, "ours_told_the_limit": not args.no_cap,
            "seed": args.seed, "formats": "all (json, ndjson, csv, xml, html), no zip",
        },
        "minimum_requests": minimum.as_dict(), "targets": TARGETS, "summary": summary, "runs": repeats,
    })
    print(f"results: {path}")
    return 0 if all(summary["targets_met"].values()) and summary["complete"] else 1


if __name__ == "__main__":
    sys.exit(main())
