"""Two OS processes sharing one Jira site through the Redis rate governor: one rate, one pause."""

import asyncio
import json
import sys
import time

import pytest
import redis.asyncio as aioredis

from jiraex_shared.ratelimit import RedisRateGovernor

pytestmark = pytest.mark.integration

SITE = "https://shared.atlassian.net"

# Each child connects, says "ready", waits for a line on stdin, then acquires tokens from several
# tasks for a while and prints the wall-clock times it was granted them as JSON. It never sets a
# rate: the rate it obeys is the one stored in Redis by the test process.
CHILD = """
import asyncio, json, sys, time
import redis.asyncio as aioredis
from jiraex_shared.ratelimit import RedisRateGovernor

async def main(url, prefix, site, duration, tasks):
    client = aioredis.from_url(url)
    governor = RedisRateGovernor(client, prefix=prefix, max_sleep=0.2)
    await client.ping()
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    granted = []
    deadline = time.monotonic() + duration

    async def worker():
        while time.monotonic() < deadline:
            await governor.acquire(site)
            granted.append(time.time())

    await asyncio.gather(*(worker() for _ in range(tasks)))
    await client.aclose()
    print(json.dumps(granted), flush=True)

asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])))
"""


class Child:
    """One acquiring process."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, redis_url: str, prefix: str, duration: float, tasks: int) -> "Child":
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", CHILD, redis_url, prefix, SITE, str(duration), str(tasks),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), timeout=30)
        assert line == b"ready\n"
        return cls(process)

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"go\n")

    async def granted(self) -> list[float]:
        stdout, _ = await asyncio.wait_for(self.process.communicate(), timeout=30)
        assert self.process.returncode == 0
        return json.loads(stdout)


async def test_two_processes_together_keep_to_the_shared_rate(redis_url: str, redis_prefix: str) -> None:
    rate, duration = 25.0, 3.0
    client = aioredis.from_url(redis_url)
    try:
        await RedisRateGovernor(client, prefix=redis_prefix).set_rate(SITE, rate)
    finally:
        await client.aclose()
    children = [await Child.start(redis_url, redis_prefix, duration, tasks=4) for _ in range(2)]
    for child in children:
        child.go()
    first, second = [await child.granted() for child in children]
    granted = sorted(first + second)

    # Both processes were served, and together they used the rate without exceeding it.
    assert min(len(first), len(second)) >= 0.25 * len(granted)
    assert len(granted) >= 0.85 * rate * duration
    busiest = max(sum(1 for moment in granted if start <= moment < start + 1.0) for start in granted)
    # Burst 1: at most rate + 1 in any second of Redis time; one more for jitter in recording the grants.
    assert busiest <= rate + 2


async def test_pause_set_by_one_process_delays_the_other(redis_url: str, redis_prefix: str) -> None:
    rate, pause = 50.0, 1.5
    client = aioredis.from_url(redis_url)
    governor = RedisRateGovernor(client, prefix=redis_prefix)
    try:
        await governor.set_rate(SITE, rate)
        child = await Child.start(redis_url, redis_prefix, duration=3.0, tasks=4)
        child.go()
        await asyncio.sleep(0.8)
        before = time.time()
        await governor.pause(SITE, pause)
        after = time.time()
        granted = await child.granted()
    finally:
        await client.aclose()

    assert any(moment < before for moment in granted), "the child was acquiring before the pause"
    # Redis set the deadline at or after `before` + pause (same host, same clock), and a grant is
    # recorded after it happens; grants recorded soon after `after` may predate the pause.
    held = [moment for moment in granted if after + 0.3 <= moment < before + pause]
    assert held == []
    resumed = [moment for moment in granted if moment >= before + pause]
    assert len(resumed) >= 0.5 * rate * (3.0 - 0.8 - pause)
