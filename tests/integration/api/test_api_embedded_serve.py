"""`jiraex serve` as a real process: banner, readiness, the generated admin and key, an export run in-process to
success with files matching the manifest, a clean stop on SIGTERM, and a restart that reuses the key."""

import asyncio
import hashlib
import socket
import stat
import uuid
from pathlib import Path

import httpx
import pytest
from serve_harness import JIRAEX, ServeData, follow_stream, login, running_serve, serve_env

from jiraex_api.embedded.first_admin import DEFAULT_ADMIN_EMAIL
from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.pipeline.spec import ExportSpec

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SIM = SimConfig(issues=40, seed=7, heavy_every=15, max_attachment_bytes=10_000, email="sim@example.com",
                token="sim-token")


def _spec(name: str) -> ExportSpec:
    return ExportSpec(jql="project is not EMPTY ORDER BY key ASC", formats=("json", "csv", "html"), name=name,
                      archive=True)


async def test_serve_runs_an_export_in_process_and_restarts_with_the_same_key(tmp_path: Path) -> None:
    data_dir, env = tmp_path / "data", serve_env()
    async with run_simulator(SIM) as sim:
        async with running_serve(data_dir, env) as served:
            assert served.banner[0].startswith("Jira Issue Extractor is running at http://127.0.0.1:")
            password = served.password
            assert password and f"log in as {DEFAULT_ADMIN_EMAIL} with password" in served.banner[2]
            async with httpx.AsyncClient(base_url=served.url, timeout=10) as client:
                ready = await client.get("/readyz")
            assert ready.status_code == 200
            assert ready.json()["checks"] == {"database": "ok", "storage": "ok", "broker": "in-process",
                                              "redis": "memory"}
            signed_in = await login(served.url, DEFAULT_ADMIN_EMAIL, password)
            assert signed_in.status_code == 200 and signed_in.json()["user"]["role"] == "admin"
            key_file = data_dir / "secret_key"
            assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
            key = key_file.read_bytes()
            # Stored nowhere in plaintext: not in the database, its WAL, or any other file of the data dir.
            files = [path for path in data_dir.rglob("*") if path.is_file()]
            assert files and not [path for path in files if password.encode() in path.read_bytes()]

            data = ServeData.of(data_dir, env)
            connection_id = await data.demo_connection(sim, SIM.email, SIM.token)
            # Launched through the API (POST /api/export publishes on the in-process bus) and followed on SSE,
            # which reads the very memory stream the in-process worker writes.
            token = signed_in.json()["token"]
            async with httpx.AsyncClient(base_url=served.url, timeout=30) as client:
                launched = await client.post("/api/export", headers={"Authorization": f"Bearer {token}"}, json={
                    "connection_id": str(connection_id), "jql": "project is not EMPTY ORDER BY key ASC",
                    "formats": ["json", "csv", "html"], "archive": True, "name": "first",
                })
            assert launched.status_code == 202, launched.text
            job_id = uuid.UUID(launched.json()["job_id"])
            events = await follow_stream(served.url, token, str(job_id))
            assert events[-1][0] == "job.succeeded" and any(name == "job.progressed" for name, _ in events)
            job = await data.wait_for(job_id, {"succeeded", "failed", "cancelled"})
            assert (job.state, job.error_message) == ("succeeded", None)
            hashes = data.export_hashes(job_id, "first")
            assert (data_dir / "exports" / "jobs" / str(job_id) / "first.zip").stat().st_size > 0
            assert {"issues.json", "csv/issues.csv", "html/index.html", "fields.json"} <= set(hashes)
            assert job.issues_exported == len(sim.dataset) == SIM.issues
            await _download_and_preview(served.url, token, job_id, hashes)
            assert await served.stop() == 0
        assert "Traceback" not in served.log.read_text()

        async with running_serve(data_dir, env) as again:
            assert key_file.read_bytes() == key
            assert again.password is None
            assert any("log in with an existing account" in line for line in again.banner)
            assert (await login(again.url, DEFAULT_ADMIN_EMAIL, password)).status_code == 200
            # The credential sealed before the restart opens with the reused key: a second export succeeds. This
            # one is written `queued` without a publish, as after a lost publish: the embedded reaper sends it.
            job_id = await data.queue_export(connection_id, _spec("second"))
            job = await data.wait_for(job_id, {"succeeded", "failed", "cancelled"})
            assert (job.state, job.error_message) == ("succeeded", None)
            assert data.export_hashes(job_id, "second").keys() == hashes.keys()
            assert await again.stop() == 0


async def _download_and_preview(url: str, token: str, job_id: uuid.UUID, hashes: dict[str, str]) -> None:
    """The files routes serve the local exports folder: downloads match the manifest, HTML previews are sandboxed."""
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, timeout=30, headers=headers) as client:
        listed = (await client.get(f"/api/jobs/{job_id}/files")).json()
        wanted = ("issues.json", "csv/issues.csv", "html/index.html")
        by_name = {item["path"]: item for item in listed if item["path"] in wanted}
        assert by_name.keys() == set(wanted)
        for name, item in by_name.items():
            download = await client.get(f"/api/jobs/{job_id}/files/{item['path']}")
            assert download.status_code == 200
            assert hashlib.sha256(download.content).hexdigest() == item["sha256"] == hashes[name]
        preview = await client.get(f"/api/jobs/{job_id}/files/{by_name['html/index.html']['path']}",
                                   params={"inline": "1"})
        assert preview.status_code == 200 and "sandbox" in preview.headers["content-security-policy"]
        assert preview.headers["x-content-type-options"] == "nosniff"


async def test_serve_takes_the_configured_admin(tmp_path: Path) -> None:
    env = serve_env(JIRA_EXTRACTOR_ADMIN_EMAIL="Owner@Example.org",
                    JIRA_EXTRACTOR_ADMIN_PASSWORD="a configured long password")
    async with running_serve(tmp_path / "data", env) as served:
        assert served.password is None
        assert any("log in as Owner@Example.org with JIRA_EXTRACTOR_ADMIN_PASSWORD" in line for line in served.banner)
        assert (await login(served.url, "owner@example.org", "a configured long password")).status_code == 200
        second = await asyncio.create_subprocess_exec(
            JIRAEX, "serve", "--port", "0", "--data-dir", str(tmp_path / "data"), env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        _, err = await asyncio.wait_for(second.communicate(), timeout=30)
        assert second.returncode == 1 and f"another `jiraex serve` (pid {served.process.pid})" in err.decode()
        assert await served.stop() == 0


async def test_serve_runs_on_postgresql_when_only_the_database_is_shared(pg_url: str, tmp_path: Path) -> None:
    async with running_serve(tmp_path / "data", serve_env(JIRA_EXTRACTOR_DATABASE_URL=pg_url)) as served:
        async with httpx.AsyncClient(base_url=served.url, timeout=10) as client:
            ready = await client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["checks"]["database"] == "ok"
        assert served.password and (await login(served.url, DEFAULT_ADMIN_EMAIL, served.password)).status_code == 200
        assert not (tmp_path / "data" / "jiraex.db").exists()
        assert await served.stop() == 0


async def test_serve_refuses_the_fleet_services_and_a_bad_key(tmp_path: Path) -> None:
    env = serve_env(JIRA_EXTRACTOR_RABBITMQ_URL="amqp://guest:guest@127.0.0.1:5672/",
                    JIRA_EXTRACTOR_REDIS_URL="redis://127.0.0.1:6379/0")
    process = await asyncio.create_subprocess_exec(
        JIRAEX, "serve", "--data-dir", str(tmp_path / "data"), env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 2 and out == b""
    message = err.decode()
    assert "JIRA_EXTRACTOR_RABBITMQ_URL, JIRA_EXTRACTOR_REDIS_URL are set" in message
    assert "jiraex-api" in message and "guest" not in message
    assert not (tmp_path / "data").exists()

    bad_key = await asyncio.create_subprocess_exec(
        JIRAEX, "serve", "--data-dir", str(tmp_path / "data"), env=serve_env(JIRA_EXTRACTOR_SECRET_KEY="c2hvcnQ="),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(bad_key.communicate(), timeout=30)
    assert bad_key.returncode == 2
    assert "invalid setting JIRA_EXTRACTOR_SECRET_KEY: must decode to 32 bytes" in err.decode()


async def test_a_taken_address_ends_serve_with_status_3_and_no_traceback(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = await asyncio.create_subprocess_exec(
            JIRAEX, "serve", "--port", str(taken.getsockname()[1]), "--data-dir", str(tmp_path / "data"),
            env=serve_env(), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert (process.returncode, out) == (3, b"")
    assert "address already in use" in err.decode() and "Traceback" not in err.decode()
