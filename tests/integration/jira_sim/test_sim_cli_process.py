"""The real ``jiraex-jira-sim`` process: prints READY with the bound port, serves, stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import httpx


def _command() -> list[str]:
    script = Path(sys.executable).parent / "jiraex-jira-sim"
    return [str(script)] if script.exists() else [sys.executable, "-m", "jiraex_jira_sim.main"]


async def test_cli_prints_ready_and_stops_on_sigterm() -> None:
    process = await asyncio.create_subprocess_exec(
        *_command(),
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--mode",
        "cloud",
        "--issues",
        "50",
        "--seed",
        "3",
        "--email",
        "cli@example.com",
        "--token",
        "cli-token",
        "--rate-limit",
        "100",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), timeout=30)).decode().strip()
        assert line.startswith("READY http://127.0.0.1:")
        base_url = line.removeprefix("READY ")
        assert not base_url.endswith(":0")
        async with httpx.AsyncClient(base_url=base_url, auth=("cli@example.com", "cli-token")) as client:
            page = (
                await client.get("/rest/api/3/search/jql", params={"jql": "project is not EMPTY", "maxResults": 100})
            ).json()
            assert len(page["issues"]) == 50
            limited = await client.get("/rest/api/3/myself")
            assert limited.headers["x-ratelimit-limit"] == "100"
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), timeout=15) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
