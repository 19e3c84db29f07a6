"""SSE fan-out (issue 6, research P5): N SSE clients on one job of one `jiraex-api` process, events at a fixed rate."""

# Targets: 100% delivered, p99 delivery latency ≤ 100 ms, Redis connections of the API independent of the number of
# clients: at most its command pool + one reader per job followed (a run with --baseline-clients first, on the same
# API process, shows the count with a handful of clients beside it).

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
from api_process import ApiProcess
from fleet_resources import fleet_resources
from results_file import machine, table, write_result
from sse_phase import PhaseOutcome, PhasePlan, run_phase
from sse_stats import Delivery, LatencySummary, by_tenth, delivery, gc_pauses, latencies_ms, summarize_latency
from sse_stats import verdicts as target_verdicts

from jiraex_api.redis_clients import COMMAND_CONNECTIONS

# fleet_resources seeds this member (and the run's Jira connection); the API then creates no admin, and the
# member owning the job reads its stream exactly as an admin would (visible_job).
OWNER_EMAIL = "bench@example.com"
OWNER_PASSWORD = "a long enough password"  # noqa: S105 - the bench user fleet_resources seeds
# The pool for replays and throttling + one XREAD BLOCK reader per job the API has followed: the baseline phase's
# job and the full phase's (a stopped feed's connection can still be open when the next job's reader starts).
REDIS_BOUND = COMMAND_CONNECTIONS + 2


async def _login(api: ApiProcess) -> str:
    async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as client:
        response = await client.post("/api/auth/login", json={"email": OWNER_EMAIL, "password": OWNER_PASSWORD})
        response.raise_for_status()
        return response.json()["token"]


def summarize(outcome: PhaseOutcome) -> tuple[dict[str, Any], Delivery, LatencySummary]:
    plan = outcome.plan
    progressed = [count for report in outcome.reports for count in report.progressed]
    terminal = [ended for report in outcome.reports for ended in report.terminal]
    delivered = delivery(progressed, terminal, len(outcome.progress_ids))
    receipts = [report.receipts for report in outcome.reports]
    errors = [error for report in outcome.reports for error in report.errors]
    samples = latencies_ms(outcome.sent, receipts)
    if not samples:
        raise RuntimeError(f"no client received any event ({len(errors)} client errors, first: {errors[:3]})")
    latency = summarize_latency(samples)
    tenths = {f"{name}_by_tenth_of_the_run": [round(value, 1) for value in by_tenth(
        outcome.sent, outcome.progress_ids, receipts, q)] for name, q in (("p50", 50), ("p99", 99))}
    redis_all = outcome.connect_samples.redis_connections + outcome.run_samples.redis_connections
    rss_peak = max(outcome.connect_samples.rss_kib + outcome.run_samples.rss_kib)
    return {
        "clients": plan.clients, "seconds": plan.seconds, "events_per_second": plan.rate,
        "client_processes": plan.client_processes, "connect_concurrency": plan.connect_concurrency,
        "connected": outcome.connected, "failed_to_connect": outcome.failed_to_connect,
        "connect_seconds": round(max(report.connect_seconds for report in outcome.reports), 2),
        "settle_seconds": round(outcome.settle_seconds, 2),
        "progress_events_sent": len(outcome.progress_ids), "publish_seconds": round(outcome.publish_seconds, 2),
        "delivered_ratio": delivered.ratio, "complete_clients": delivered.complete_clients,
        "terminal_clients": delivered.terminal_clients, "min_progress_events_at_a_client": min(progressed),
        "deliveries_per_second": round(delivered.delivered / outcome.publish_seconds),
        "latency_ms": {"samples": latency.samples, "p50": round(latency.p50_ms, 2), "p99": round(latency.p99_ms, 2),
                       "max": round(latency.max_ms, 2), **tenths},
        "api_redis_connections": {"peak": max(redis_all), "while_connecting_max": max(
            outcome.connect_samples.redis_connections), "while_publishing_min": min(
            outcome.run_samples.redis_connections), "while_publishing_max": max(outcome.run_samples.redis_connections)},
        "api_rss_kib": {"before": outcome.rss_before_kib, "peak": rss_peak,
                        "increase_per_client": round((rss_peak - outcome.rss_before_kib) / plan.clients, 1)},
        "cpu_share_while_publishing": {
            "api": round(outcome.api_cpu_seconds / outcome.publish_seconds, 3),
            "clients": round(outcome.client_cpu_seconds / outcome.publish_seconds, 3),
            "machine_busy": None if outcome.machine_busy_share is None else round(outcome.machine_busy_share, 3),
        },
        # What one delivery costs the API: with a core of its own, 1e6 / this is its ceiling in deliveries/s.
        "api_cpu_us_per_delivery": round(outcome.api_cpu_seconds * 1e6 / max(1, delivered.delivered), 1),
        "errors": len(errors), "first_errors": errors[:5],
    }, delivered, latency


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    machine_at_start = machine()
    plans = [
        PhasePlan(args.baseline_clients, args.baseline_seconds, args.rate, 1, args.connect_concurrency),
        PhasePlan(args.clients, args.seconds, args.rate, args.client_processes, args.connect_concurrency),
    ]
    gc_text = ""
    with tempfile.TemporaryDirectory(prefix="jiraex-bench-sse-") as temp:
        workdir = Path(temp)
        gc_log = workdir / "api-gc.log" if args.gc_log else None
        async with fleet_resources(base_url="http://127.0.0.1:9", email="sse@example.com", token="unused",  # noqa: S106
                                   concurrency=1, chunk_size=100) as resources:
            api = ApiProcess(resources.env, workdir / "api.log", gc_log=gc_log)
            api.start()
            try:
                ready_seconds = await api.wait_ready()
                token = await _login(api)
                outcomes = []
                for plan in plans:
                    outcomes.append(await run_phase(api, resources, token, OWNER_EMAIL, plan, workdir))
                    print(f"{plan.clients} clients done", file=sys.stderr, flush=True)
            finally:
                exit_code = api.stop()
        if gc_log is not None and gc_log.exists():
            gc_text = gc_log.read_text()
    (small, _, _), (full, full_delivery, full_latency) = map(summarize, outcomes)
    if args.gc_log:
        for phase, outcome in zip((small, full), outcomes, strict=True):
            phase["api_gc_while_publishing"] = gc_pauses(gc_text, outcome.publish_window)
    return {
        "machine": machine_at_start, "api_ready_seconds": round(ready_seconds, 2), "api_exit_code": exit_code,
        "baseline": small, "full": full,
        "api_redis_connection_bound": REDIS_BOUND,
        "verdicts": target_verdicts(full_delivery, full_latency, REDIS_BOUND, full["api_redis_connections"]["peak"]),
    }


def report(result: dict[str, Any]) -> str:
    rows = []
    for name in ("baseline", "full"):
        phase = result[name]
        latency, redis = phase["latency_ms"], phase["api_redis_connections"]
        cpu = phase["cpu_share_while_publishing"]
        rows.append([
            phase["clients"], f"{phase['connected']}/{phase['clients']}", f"{phase['delivered_ratio']:.2%}",
            phase["deliveries_per_second"], f"{latency['p50']} / {latency['p99']} / {latency['max']}",
            f"{redis['peak']} ({redis['while_publishing_min']}-{redis['while_publishing_max']})",
            phase["api_rss_kib"]["increase_per_client"], f"{cpu['api']:.0%} / {cpu['clients']:.0%}",
        ])
    headers = ["clients", "connected", "delivered", "deliveries/s", "latency p50/p99/max ms",
               "API Redis conns peak (publishing)", "RSS KiB/client", "CPU api/clients"]
    verdict = ", ".join(f"{name}: {'yes' if ok else 'NO'}" for name, ok in result["verdicts"].items())
    return f"{table(headers, rows)}\n{verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=10.0, help="progress events per second")
    parser.add_argument("--client-processes", type=int, default=2, help="load-generator processes")
    parser.add_argument("--connect-concurrency", type=int, default=50, help="handshakes in flight per process")
    parser.add_argument("--baseline-clients", type=int, default=10)
    parser.add_argument("--baseline-seconds", type=float, default=5.0)
    parser.add_argument("--nice", type=int, default=0,
                        help="niceness for this process, the API and the clients (they inherit it); negative "
                        "values need root: on a shared machine they stand in for cores of the run's own")
    parser.add_argument("--gc-log", action="store_true", help="time the API's garbage collections (bench/gc_probe)")
    parser.add_argument("--result-name", default="sse_fanout", help="bench/results/<name>.json")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    if min(args.clients, args.baseline_clients, args.client_processes, args.connect_concurrency) < 1:
        parser.error("--clients, --baseline-clients, --client-processes and --connect-concurrency must be >= 1")
    if args.seconds <= 0 or args.baseline_seconds <= 0 or args.rate <= 0:
        parser.error("--seconds, --baseline-seconds and --rate must be > 0")
    if args.nice:
        try:
            os.nice(args.nice)
        except PermissionError:
            parser.error(f"--nice {args.nice}: not permitted (negative values need root)")
    result = asyncio.run(bench(args))
    result["niceness"] = os.getpriority(os.PRIO_PROCESS, 0)
    # bench/gc_probe's experiments change the API's collector: a result made with them must say so.
    result["api_gc_experiment"] = {name: value for name, value in os.environ.items()
                                   if name.startswith("JIRAEX_BENCH_GC_") and name != "JIRAEX_BENCH_GC_LOG"} or None
    path = write_result(args.result_name, result)
    print(json.dumps(result, indent=2) if args.json else report(result))
    print(f"written to {path}", file=sys.stderr)
    return 0 if all(result["verdicts"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
