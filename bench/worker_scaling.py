"""Worker fleet scaling (issue 5): 1, 2 and 4 extractor processes on one export, then a shared 40 requests/s cap.

Phase 1: the simulator answers every request after 500 ms; every worker runs with Jira concurrency 2; the same
export (attachments off) is run by 1, 2 and 4 workers, each run on its own database, vhost, bucket and Redis
keys. Phase 2: the connection is capped at 40 requests/s (the Redis rate governor every worker shares) and 4
workers that could each go faster (20 ms latency, concurrency 32, few fields, no changelog) run it; an uncapped
control run first shows how fast they go without the cap. Usage: ``python bench/worker_scaling.py [--issues 10000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import Any

from fleet_run import RunPlan, run_fleet
from job_driver import NO_ATTACHMENTS
from request_budget import truth_totals
from results_file import machine, table, write_result
from scaling_verdicts import (
    EXCESS_TOLERANCE,
    SPEEDUP_TARGET,
    cpu_share,
    judge_seconds,
    scaling_met,
    sharing_verdict,
    speedups,
)
from sim_process import SimProcess

JQL = "project is not EMPTY"
# Each counter the job reports, and the part of the export it belongs to (None: always exported).
COUNTED = {"issues_exported": None, "comments": "comments", "histories": "changelog", "worklogs": "worklogs"}


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=10000, help="issues in the export (default 10,000)")
    parser.add_argument("--workers", default="1,2,4", help="worker counts of phase 1 (must include 1)")
    parser.add_argument("--latency-ms", type=int, default=500, help="phase 1: simulated latency of every request")
    parser.add_argument("--concurrency", type=int, default=2, help="phase 1: JIRA_EXTRACTOR_WORKER_CONCURRENCY")
    parser.add_argument("--chunk-size", type=int, default=200, help="phase 1: JIRA_EXTRACTOR_CHUNK_SIZE")
    parser.add_argument("--formats", default="ndjson", help="comma-separated export formats")
    parser.add_argument("--limit", type=float, default=40.0, help="phase 2: the site's requests/s cap")
    parser.add_argument("--limit-workers", type=int, default=4, help="phase 2: worker processes")
    parser.add_argument("--limit-latency-ms", type=int, default=20,
                        help="phase 2: latency, low enough that one worker alone could exceed the cap")
    parser.add_argument("--limit-concurrency", type=int, default=32, help="phase 2: per-worker Jira concurrency")
    parser.add_argument("--limit-chunk-size", type=int, default=1000,
                        help="phase 2: chunk size (more requests per chunk's fixed bookkeeping)")
    parser.add_argument("--limit-fields", default="summary,status",
                        help="phase 2: issue fields to export ('*all': every field); fewer: less CPU a request")
    parser.add_argument("--limit-leave-out", default="changelog",
                        help="phase 2: comma-separated parts not to export (comments, changelog, worklogs)")
    parser.add_argument("--skip-scaling", action="store_true", help="run phase 2 only")
    parser.add_argument("--skip-limit", action="store_true", help="run phase 1 only")
    parser.add_argument("--seed", type=int, default=1, help="dataset seed")
    args = parser.parse_args()
    try:
        args.worker_counts = sorted({int(value) for value in args.workers.split(",")})
    except ValueError:
        parser.error(f"--workers takes comma-separated whole numbers, not {args.workers!r}")
    if min(args.worker_counts) < 1 or args.limit_workers < 1:
        parser.error("worker counts must be at least 1")
    args.leave_out = tuple(part for part in args.limit_leave_out.split(",") if part)
    if set(args.leave_out) - {"comments", "changelog", "worklogs"}:
        parser.error("--limit-leave-out takes comments, changelog and worklogs")
    if not args.skip_scaling and 1 not in args.worker_counts:
        parser.error("--workers must include 1: the ratio is taken against one worker")
    if min(args.issues, args.chunk_size, args.limit_chunk_size) < 1 or args.limit <= 0:
        parser.error("--issues, --chunk-size, --limit-chunk-size and --limit must be positive")
    return args


def _sim_args(latency_ms: int) -> list[str]:
    # Attachments are off, so their size does not matter; small ones keep the ground truth quick.
    return ["--latency", f"*={latency_ms}", "--max-attachment-bytes", "1024"]


def _plan(
    args: argparse.Namespace, workers: int, concurrency: int, chunk_size: int, rate_cap: float | None,
    fields: list[str] | None = None, leave_out: tuple[str, ...] = (),
) -> RunPlan:
    include = {part: wanted and part not in leave_out for part, wanted in NO_ATTACHMENTS.items()}
    return RunPlan(workers=workers, concurrency=concurrency, chunk_size=chunk_size, jql=JQL,
                   formats=args.formats.split(","), include=include, rate_cap=rate_cap, fields=fields,
                   timeout_s=max(900.0, args.issues * 0.2))


def _complete(run: dict[str, Any], expected: dict[str, int]) -> dict[str, tuple[Any, int]]:
    """Counters the job reported that differ from the simulator's ground truth (empty: complete)."""
    wanted = [key for key, part in COUNTED.items() if part is None or run["include"][part]]
    return {key: (run.get(key), expected[key]) for key in wanted if run.get(key) != expected[key]}


def _annotate(run: dict[str, Any], expected: dict[str, int]) -> dict[str, Any]:
    run["mismatched"] = _complete(run, expected)
    cpu = run["cpu"]
    cores = os.cpu_count() or 1
    cpu["workers_core_share"] = round(cpu_share(cpu["workers_total_s"], run["job_s"] or 1, cores), 3)
    cpu["workers_and_sim_core_share"] = round(
        cpu_share(cpu["workers_total_s"] + cpu["simulator_s"], run["job_s"] or 1, cores), 3)
    return run


async def _phase_scaling(args: argparse.Namespace) -> tuple[list[dict[str, Any]], dict[str, int]]:
    runs = []
    with SimProcess(issues=args.issues, seed=args.seed, extra_args=_sim_args(args.latency_ms)) as sim:
        expected = truth_totals(sim.ground_truth(JQL)["issues"])
        for workers in args.worker_counts:
            print(f"phase 1: {workers} worker(s), {args.issues} issues, {args.latency_ms} ms latency …", flush=True)
            plan = _plan(args, workers, args.concurrency, args.chunk_size, None)
            run = _annotate(await run_fleet(sim, plan), expected)
            print(f"  {run['outcome']} in {run['job_s']:.1f} s: {run['issues_per_s']:.1f} issues/s, "
                  f"worker CPU {run['cpu']['workers_total_s']:.1f} s", flush=True)
            runs.append(run)
    return runs, expected


async def _phase_limit(args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any]]:
    with SimProcess(issues=args.issues, seed=args.seed, extra_args=_sim_args(args.limit_latency_ms)) as sim:
        expected = truth_totals(sim.ground_truth(JQL)["issues"])
        # The control comes first: the capped run leaves the cap in Redis (cleared after each run regardless).
        runs = []
        for cap in (None, args.limit):
            label = f"cap {cap:g}/s" if cap else "uncapped control"
            print(f"phase 2: {args.limit_workers} workers, {label}, {args.limit_latency_ms} ms latency …", flush=True)
            plan = _plan(args, args.limit_workers, args.limit_concurrency, args.limit_chunk_size, cap,
                         None if args.limit_fields == "*all" else args.limit_fields.split(","), args.leave_out)
            run = _annotate(await run_fleet(sim, plan), expected)
            verdict = judge_seconds(run["per_second"], args.limit)
            print(f"  {run['outcome']} in {run['job_s']:.1f} s: peak {verdict.peak} requests in one second, "
                  f"mean {verdict.mean_rate:.1f}/s", flush=True)
            runs.append(run)
    return runs[0], runs[1]


def _scaling_summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ratios = speedups({run["workers"]: run["issues_per_s"] for run in runs})
    extraction = speedups({run["workers"]: run["extraction_issues_per_s"] for run in runs})
    largest = max(ratios)
    return {
        "speedup": {str(k): round(v, 2) for k, v in ratios.items()},
        "extraction_speedup": {str(k): round(v, 2) for k, v in extraction.items()},
        "target": f"{largest} workers ≥ {SPEEDUP_TARGET:g} × one worker",
        "met": scaling_met(ratios, workers=4) if 4 in ratios else None,
        "complete": all(run["outcome"] == "job.succeeded" and not run["mismatched"] for run in runs),
    }


def _limit_summary(control: dict[str, Any], capped: dict[str, Any], limit: float) -> dict[str, Any]:
    free, held = judge_seconds(control["per_second"], limit), judge_seconds(capped["per_second"], limit)
    return {
        "limit": limit, "allowed_per_second": held.allowed, "peak": held.peak, "peak_second": held.peak_second,
        "worst_excess": round(held.worst_excess, 4), "seconds_over": held.seconds_over,
        "busy_seconds": held.busy_seconds, "mean_rate": round(held.mean_rate, 2),
        "control_peak": free.peak, "control_mean_rate": round(free.mean_rate, 2),
        # The cap proves sharing only if the same workers without it go faster than it allows.
        "control_exceeds_limit": not free.met,
        "verdict": sharing_verdict(free, held),
        "complete": all(r["outcome"] == "job.succeeded" and not r["mismatched"] for r in (control, capped)),
    }


def _print_scaling(runs: list[dict[str, Any]], summary: dict[str, Any]) -> None:
    rows = [[
        run["workers"], run["issues_exported"], f"{run['job_s']:.1f}", f"{run['issues_per_s']:.1f}",
        f"{summary['speedup'][str(run['workers'])]:.2f}x", f"{run['extraction_s']:.1f}", f"{run['assembly_s']:.1f}",
        run["jira_requests"], run["sim_peak_concurrency"], " ".join(f"{v:.0f}" for v in run["cpu"]["workers_s"]),
        f"{run['cpu']['simulator_s']:.1f}", f"{run['cpu']['machine_busy_share']:.0%}",
        " ".join(str(v) for v in run["chunks_by_worker"].values()),
    ] for run in runs]
    print(table(["workers", "issues", "job s", "issues/s", "ratio", "extract s", "assemble s", "requests",
                 "peak in flight", "worker CPU s", "sim CPU s", "machine busy", "chunks per worker"], rows))
    met = {True: "met", False: "MISSED", None: "not run"}[summary["met"]]
    print(f"\n{summary['target']}: {met} (job {summary['speedup']}, extraction {summary['extraction_speedup']}); "
          f"complete data: {'yes' if summary['complete'] else 'NO'}")


def _print_limit(summary: dict[str, Any]) -> None:
    over = ", ".join(f"s{second}: {count}" for second, count in summary["seconds_over"]) or "none"
    print(f"\ncap {summary['limit']:g}/s: peak {summary['peak']} in second {summary['peak_second']} "
          f"(allowed ≤ {summary['allowed_per_second']:.1f}; seconds over: {over}); mean {summary['mean_rate']}/s "
          f"over {summary['busy_seconds']} s. Uncapped control: peak {summary['control_peak']}, "
          f"mean {summary['control_mean_rate']}/s. Verdict: {summary['verdict'].upper()}"
          + (" (the uncapped control never went over the allowed rate either)"
             if summary["verdict"] == "inconclusive" else ""))


def main() -> int:
    args = _parse_args()
    host = machine()
    result: dict[str, Any] = {"machine": host, "settings": {
        "issues": args.issues, "jql": JQL, "include": NO_ATTACHMENTS, "formats": args.formats.split(","),
        "seed": args.seed,
        "scaling": {"workers": args.worker_counts, "latency_ms": args.latency_ms, "concurrency": args.concurrency,
                    "chunk_size": args.chunk_size},
        "limit": {"rps": args.limit, "workers": args.limit_workers, "latency_ms": args.limit_latency_ms,
                  "concurrency": args.limit_concurrency, "chunk_size": args.limit_chunk_size,
                  "fields": args.limit_fields, "left_out": list(args.leave_out),
                  "tolerance": EXCESS_TOLERANCE},
    }}
    ok = True
    if not args.skip_scaling:
        runs, expected = asyncio.run(_phase_scaling(args))
        summary = _scaling_summary(runs)
        _print_scaling(runs, summary)
        result["expected"], result["scaling"] = expected, {"summary": summary, "runs": runs}
        ok = ok and bool(summary["met"] is not False and summary["complete"])
    if not args.skip_limit:
        control, capped = asyncio.run(_phase_limit(args))
        summary = _limit_summary(control, capped, args.limit)
        _print_limit(summary)
        result["limit"] = {"summary": summary, "control": control, "capped": capped}
        ok = ok and summary["verdict"] == "met" and summary["complete"]
    # A partial or scaled-down run never overwrites the full result.
    name = "worker_scaling" + ("" if args.issues == 10000 else f"_{args.issues}")
    name += "_limit_only" if args.skip_scaling else "_scaling_only" if args.skip_limit else ""
    name += "" if args.skip_limit or args.limit == 40 else f"_cap{args.limit:g}"
    print(f"results: {write_result(name, result)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
