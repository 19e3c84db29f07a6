"""The fleet worker's Jira HTTP client goes through the SSRF guard: loopback only when allow-listed."""

import asyncio
import base64
import os
from pathlib import Path

import pytest

from jiraex_shared.bus import InProcessCommandBus
from jiraex_shared.connections.egress_errors import EgressRefused
from jiraex_shared.db import migrate
from jiraex_shared.jobs.runtime import open_job_deps
from jiraex_shared.settings import load_settings

HITS: list[int] = []


async def _answer_ok(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    HITS.append(1)  # any connection the guard let through, even one that sends nothing
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
    await writer.drain()
    writer.close()


@pytest.mark.parametrize("allowed", [False, True])
async def test_loopback_jira_is_refused_unless_allow_listed(pg_url: str, allowed: bool, tmp_path: Path) -> None:
    await migrate.upgrade(pg_url)
    server = await asyncio.start_server(_answer_ok, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    env = {
        "JIRA_EXTRACTOR_DATABASE_URL": pg_url,
        "JIRA_EXTRACTOR_SECRET_KEY": base64.b64encode(os.urandom(32)).decode(),
        "JIRA_EXTRACTOR_DATA_DIR": str(tmp_path),
        **({"JIRA_EXTRACTOR_JIRA_ALLOWED_HOSTS": "127.0.0.1"} if allowed else {}),
    }
    HITS.clear()
    async with server, open_job_deps(load_settings(env), InProcessCommandBus()) as deps:
        if allowed:
            response = await deps.http.get(f"http://127.0.0.1:{port}/rest/api/3/serverInfo")
            assert (response.status_code, response.text, len(HITS)) == (200, "ok", 1)
        else:
            with pytest.raises(EgressRefused):
                await deps.http.get(f"http://127.0.0.1:{port}/rest/api/3/serverInfo")
            assert HITS == []
