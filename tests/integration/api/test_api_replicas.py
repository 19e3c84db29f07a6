"""Two `jiraex-api` processes started at once on one fresh PostgreSQL: one migration, one admin, shared sessions."""

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path

import httpx
import pytest
from api_harness import ADMIN_EMAIL, ADMIN_PASSWORD, bearer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from jiraex_shared.db import migrate

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def wait_healthy(base: str, process: asyncio.subprocess.Process, within: float = 60.0) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=2) as client, asyncio.timeout(within):
        while True:
            assert process.returncode is None, f"jiraex-api exited with {process.returncode}"
            try:
                if (await client.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)


async def test_replicas_start_together_and_share_sessions(tmp_path: Path, pg_url: str) -> None:
    ports = [free_port(), free_port()]
    processes = []
    for index, port in enumerate(ports):
        env = {
            **os.environ, "JIRA_EXTRACTOR_DATABASE_URL": pg_url, "JIRA_EXTRACTOR_API_PORT": str(port),
            "JIRA_EXTRACTOR_DATA_DIR": str(tmp_path / f"replica{index}"), "JIRA_EXTRACTOR_ADMIN_EMAIL": ADMIN_EMAIL,
            "JIRA_EXTRACTOR_ADMIN_PASSWORD": ADMIN_PASSWORD, "JIRA_EXTRACTOR_LOG_FORMAT": "json",
        }
        processes.append(await asyncio.create_subprocess_exec(
            sys.executable, "-m", "jiraex_api.main", env=env, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        ))
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        await asyncio.gather(*(wait_healthy(base, process) for base, process in zip(bases, processes, strict=True)))
        async with httpx.AsyncClient(timeout=10) as client:
            credentials = {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
            login = await client.post(f"{bases[0]}/api/auth/login", json=credentials)
            assert login.status_code == 200
            token = login.json()["token"]
            assert (await client.get(f"{bases[1]}/api/auth/me", headers=bearer(token))).status_code == 200
            assert (await client.post(f"{bases[1]}/api/auth/logout", headers=bearer(token))).status_code == 204
            assert (await client.get(f"{bases[0]}/api/auth/me", headers=bearer(token))).status_code == 401
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        outputs = [await asyncio.wait_for(process.communicate(), 30) for process in processes]
    # uvicorn stops gracefully on SIGTERM, then re-raises the signal, so the exit status says "terminated".
    assert [process.returncode for process in processes] == [-signal.SIGTERM, -signal.SIGTERM]
    engine = create_async_engine(pg_url)
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT count(*) FROM users"))).scalar_one() == 1
            assert (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar_one() == (
                migrate.head()
            )
    finally:
        await engine.dispose()
    log_lines = [json.loads(line) for _, err in outputs for line in err.decode().splitlines() if line.startswith("{")]
    requests = [line for line in log_lines if line.get("event") == "request"]
    assert requests and all(line["request_id"] and line["status"] for line in requests)
    assert not any(ADMIN_PASSWORD in json.dumps(line) or token in json.dumps(line) for line in log_lines)
    assert sum(line.get("event") == "first_admin_created" for line in log_lines) == 1
    assert sum(line.get("event") == "api_stopped" for line in log_lines) == 2  # both shut down cleanly
