"""Sustained throughput of the Jira simulator: id pages, bulkfetch pages and attachment bytes.

Runs the real ``jiraex-jira-sim`` in its own process (so client and server do not share a GIL) and drives
it with concurrent httpx clients. Usage: ``python bench/jira_sim_throughput.py [--issues N] [--seconds S]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

EMAIL, TOKEN = "bench@example.com", "bench-token"


@dataclass
class Result:
    scenario: str
    concurrency: int
    seconds: float
    requests: int
    items: int
    item_name: str
    bytes: int
    # CPU seconds the simulator process used per wall second: near 1.0 means the simulator was the limit.
    server_cpu: float

    def line(self) -> str:
        rate = self.requests / self.seconds
        items = self.items / self.seconds
        mb = self.bytes / self.seconds / 1e6
        # What one fully busy simulator core would sustain: robust when the client or neighbours are the limit.
        busy = self.server_cpu if self.server_cpu > 0 else float("nan")
        return (
            f"{self.scenario:<34} c={self.concurrency:<3} {rate:>7.1f} req/s {items:>9.0f} {self.item_name}/s "
            f"{mb:>6.1f} MB/s | sim CPU {self.server_cpu:>4.0%} | per sim core: {items / busy:>9.0f} "
            f"{self.item_name}/s {mb / busy:>6.1f} MB/s"
        )


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc; 0.0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _command() -> list[str]:
    script = Path(sys.executable).parent / "jiraex-jira-sim"
    return [str(script)] if script.exists() else [sys.executable, "-m", "jiraex_jira_sim.main"]


async def _start(issues: int, seed: int) -> tuple[asyncio.subprocess.Process, str]:
    process = await asyncio.create_subprocess_exec(
        *_command(),
        "--port",
        "0",
        "--issues",
        str(issues),
        "--seed",
        str(seed),
        "--email",
        EMAIL,
        "--token",
        TOKEN,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    line = (await asyncio.wait_for(process.stdout.readline(), timeout=120)).decode().strip()
    if not line.startswith("READY "):
        raise RuntimeError(f"simulator did not start: {line!r}")
    return process, line.removeprefix("READY ")


async def _drive(
    pid: int,
    name: str,
    concurrency: int,
    seconds: float,
    item_name: str,
    one: Callable[[int], Awaitable[tuple[int, int]]],
) -> Result:
    """Run ``one(worker)`` in ``concurrency`` loops for ``seconds``; it returns (items, bytes)."""
    deadline = time.perf_counter() + seconds
    totals = [0, 0, 0]

    async def worker(number: int) -> None:
        while time.perf_counter() < deadline:
            items, size = await one(number)
            totals[0] += 1
            totals[1] += items
            totals[2] += size

    started, cpu = time.perf_counter(), _cpu_seconds(pid)
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    elapsed = time.perf_counter() - started
    server_cpu = (_cpu_seconds(pid) - cpu) / elapsed
    return Result(name, concurrency, elapsed, totals[0], totals[1], item_name, totals[2], server_cpu)


async def bench(issues: int, seconds: float, concurrency: int, seed: int) -> list[Result]:
    process, base_url = await _start(issues, seed)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    results: list[Result] = []
    try:
        async with httpx.AsyncClient(base_url=base_url, auth=(EMAIL, TOKEN), limits=limits, timeout=60) as client:
            jql = "project is not EMPTY ORDER BY key ASC"
            first = (await client.get("/rest/api/3/search/jql", params={"jql": jql, "maxResults": 5000})).json()
            ids = [issue["id"] for issue in first["issues"]]
            tokens: list[str | None] = [None]
            page = first
            while page.get("nextPageToken"):
                tokens.append(page["nextPageToken"])
                page = (
                    await client.get(
                        "/rest/api/3/search/jql",
                        params={"jql": jql, "maxResults": 5000, "nextPageToken": page["nextPageToken"]},
                    )
                ).json()
                ids += [issue["id"] for issue in page["issues"]]

            async def server_info(worker: int) -> tuple[int, int]:
                response = await client.get("/rest/api/3/serverInfo")
                return 1, len(response.content)

            results.append(
                await _drive(process.pid, "serverInfo (transport overhead)", concurrency, seconds, "req", server_info)
            )

            async def id_page(worker: int) -> tuple[int, int]:
                token = tokens[worker % len(tokens)]
                params = {"jql": jql, "maxResults": 5000, **({"nextPageToken": token} if token else {})}
                response = await client.get("/rest/api/3/search/jql", params=params)
                return min(5000, len(ids)), len(response.content)

            results.append(
                await _drive(process.pid, "search/jql fields=id (5000/page)", concurrency, seconds, "ids", id_page)
            )

            cursor = [0]

            def batch() -> list[str]:
                start = cursor[0] % max(1, len(ids) - 100)
                cursor[0] += 100
                return ids[start : start + 100]

            for fields in (["*navigable"], ["*all"]):

                async def bulk(worker: int, fields: list[str] = fields) -> tuple[int, int]:
                    body = {"issueIdsOrKeys": batch(), "fields": fields}
                    response = await client.post("/rest/api/3/issue/bulkfetch", json=body)
                    response.raise_for_status()  # every id exists: 100 issues, not worth decoding here
                    return len(body["issueIdsOrKeys"]), len(response.content)

                name = f"issue/bulkfetch 100 {fields[0]}"
                results.append(await _drive(process.pid, name, concurrency, seconds, "issues", bulk))

            async def bulk_again(worker: int) -> tuple[int, int]:
                # The same 1,000 issues over and over: what a second run of an export sees.
                start = (cursor[0] % 10) * 100
                cursor[0] += 1
                body = {"issueIdsOrKeys": ids[start : start + 100], "fields": ["*all"]}
                response = await client.post("/rest/api/3/issue/bulkfetch", json=body)
                response.raise_for_status()
                return len(body["issueIdsOrKeys"]), len(response.content)

            name = "issue/bulkfetch 100 *all, re-read"
            results.append(await _drive(process.pid, name, concurrency, seconds, "issues", bulk_again))

            attachment_ids: list[int] = []
            for start in range(0, min(len(ids), 2000), 100):
                body = {"issueIdsOrKeys": ids[start : start + 100], "fields": ["attachment"]}
                for issue in (await client.post("/rest/api/3/issue/bulkfetch", json=body)).json()["issues"]:
                    for attachment in issue["fields"].get("attachment", []):
                        if int(attachment["size"]) >= 256 * 1024:
                            attachment_ids.append(int(attachment["id"]))
            if attachment_ids:
                async with httpx.AsyncClient(limits=limits, timeout=60) as media:

                    async def download(worker: int) -> tuple[int, int]:
                        attachment = attachment_ids[(worker + cursor[0]) % len(attachment_ids)]
                        cursor[0] += 1
                        redirect = await client.get(f"/rest/api/3/attachment/content/{attachment}")
                        size = 0
                        async with media.stream("GET", redirect.headers["location"]) as response:
                            async for chunk in response.aiter_raw():
                                size += len(chunk)
                        return 1, size

                    results.append(
                        await _drive(
                            process.pid, "attachment bytes (303 + media)", concurrency, seconds, "files", download
                        )
                    )
    finally:
        process.send_signal(signal.SIGTERM)
        await process.wait()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=20000, help="dataset size of the simulator")
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of each scenario")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent requests")
    parser.add_argument("--seed", type=int, default=1, help="dataset seed")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    args = parser.parse_args()
    results = asyncio.run(bench(args.issues, args.seconds, args.concurrency, args.seed))
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        print(f"jira simulator, {args.issues} issues, {args.seconds:g} s per scenario")
        for result in results:
            print(result.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
