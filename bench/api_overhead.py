"""API overhead (issue 6): time from POST /api/export to the first job.progressed on the job's SSE stream."""

# The simulator, --workers extractor workers and `jiraex-api` run as real processes on loopback with fresh
# resources; each repetition launches a small export through the API as a user would, follows its stream with
# httpx to the terminal event and times: the POST's answer, the first job.progressed, the terminal event.

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from api_process import ApiProcess
from fleet_resources import clear_redis, fleet_resources
from job_driver import NO_ATTACHMENTS
from results_file import machine, table, write_result
from sim_process import EMAIL, TOKEN, SimProcess
from sse_fanout import OWNER_EMAIL, OWNER_PASSWORD
from sse_wire import SseSplitter
from worker_processes import WorkerFleet

TERMINAL = {"job.succeeded", "job.succeeded_with_warnings", "job.failed", "job.cancelled"}
JQL = "project is not EMPTY"


async def _one_export(client: httpx.AsyncClient, connection_id: str, timeout_s: float) -> dict[str, Any]:
    started = time.monotonic()
    response = await client.post("/api/export", json={
        "connection_id": connection_id, "jql": JQL, "formats": ["json"], "include": NO_ATTACHMENTS,
        "name": "api-overhead"})
    response.raise_for_status()
    accepted = time.monotonic() - started
    job_id = response.json()["job_id"]
    first_progress: float | None = None
    splitter = SseSplitter()
    async with asyncio.timeout(timeout_s), client.stream("GET", f"/api/jobs/{job_id}/stream") as stream:
        stream.raise_for_status()
        async for chunk in stream.aiter_bytes():
            for event in splitter.feed(chunk):
                if event.event == "job.progressed" and first_progress is None:
                    first_progress = time.monotonic() - started
                if event.event in TERMINAL:
                    return {"job_id": job_id, "outcome": event.event, "post_answered_s": round(accepted, 4),
                            "first_progressed_s": None if first_progress is None else round(first_progress, 4),
                            "terminal_s": round(time.monotonic() - started, 3)}
    raise RuntimeError(f"the stream of job {job_id} ended without a terminal event")


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    machine_at_start = machine()
    runs = []
    with SimProcess(issues=args.issues) as sim, tempfile.TemporaryDirectory(prefix="jiraex-bench-api-") as temp:
        async with fleet_resources(base_url=sim.base_url, email=EMAIL, token=TOKEN, concurrency=4,
                                   chunk_size=args.chunk_size) as resources:
            fleet = WorkerFleet(resources, Path(temp) / "workers")
            api = ApiProcess(resources.env, Path(temp) / "api.log")
            try:
                fleet.start(args.workers)
                api.start()
                await fleet.wait_consuming()
                await api.wait_ready()
                async with httpx.AsyncClient(base_url=api.base_url, timeout=30) as client:
                    login = await client.post("/api/auth/login",
                                              json={"email": OWNER_EMAIL, "password": OWNER_PASSWORD})
                    login.raise_for_status()
                    client.headers["Authorization"] = f"Bearer {login.json()['token']}"
                    for number in range(args.repetitions):
                        runs.append(await _one_export(client, str(resources.connection_id), args.timeout))
                        print(f"export {number + 1}: {runs[-1]}", file=sys.stderr, flush=True)
            finally:
                api.stop()
                fleet.stop()
                await clear_redis(resources.site, [run["job_id"] for run in runs])
    firsts = [run["first_progressed_s"] for run in runs if run["first_progressed_s"] is not None]
    return {
        "machine": machine_at_start, "workers": args.workers, "issues": args.issues, "chunk_size": args.chunk_size,
        "runs": runs,
        "median_post_answered_s": round(statistics.median(run["post_answered_s"] for run in runs), 4),
        "median_first_progressed_s": round(statistics.median(firsts), 4) if firsts else None,
        "median_terminal_s": round(statistics.median(run["terminal_s"] for run in runs), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--issues", type=int, default=200, help="issues in the simulator (the export takes all)")
    parser.add_argument("--chunk-size", type=int, default=100)
    parser.add_argument("--repetitions", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per export")
    args = parser.parse_args()
    if min(args.workers, args.issues, args.chunk_size, args.repetitions) < 1:
        parser.error("--workers, --issues, --chunk-size and --repetitions must be >= 1")
    result = asyncio.run(bench(args))
    path = write_result("api_overhead", result)
    rows = [[n, run["outcome"], run["post_answered_s"], run["first_progressed_s"], run["terminal_s"]]
            for n, run in enumerate(result["runs"], 1)]
    print(table(["export", "outcome", "POST answered s", "first job.progressed s", "terminal s"], rows))
    print(f"median POST → first job.progressed: {result['median_first_progressed_s']} s")
    print(f"written to {path}", file=sys.stderr)
    return 0 if all(run["outcome"] == "job.succeeded" for run in result["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
