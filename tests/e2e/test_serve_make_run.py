"""`make run`'s script end to end: the simulator beside `jiraex serve`, the printed login works, the "Demo Jira"
connection exports, and Ctrl-C (SIGINT to the terminal's process group) stops both processes."""

import asyncio
import os
import re
import signal
import socket
import sys
from pathlib import Path

import httpx
import pytest
from serve_harness import follow_stream

pytestmark = [pytest.mark.integration, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _live_members(group: int) -> list[str]:
    """Processes of ``group`` still running (zombies do not count: this sandbox's init may never reap them)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(stat.parent.name)
    return members


async def _read_until(stream: asyncio.StreamReader, marker: str, within: float) -> str:
    text = ""
    async with asyncio.timeout(within):
        while marker not in text:
            line = await stream.readline()
            if not line:
                raise AssertionError(f"scripts/run ended early:\n{text}")
            text += line.decode()
    return text


async def test_scripts_run_serves_the_demo_connection_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("JIRA_EXTRACTOR_")} | {
        "JIRA_EXTRACTOR_DATA_DIR": str(tmp_path / "data"), "JIRA_EXTRACTOR_API_PORT": str(port),
        "JIRAEX_VENV": str(Path(sys.executable).parent.parent),
    }
    # Its own session, like a terminal's foreground job: Ctrl-C reaches the whole process group.
    script = await asyncio.create_subprocess_exec(
        str(REPO / "scripts" / "run"), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        start_new_session=True,
    )
    assert script.stdout is not None
    try:
        text = await _read_until(script.stdout, "logs:", within=120)
        assert f"is running at http://127.0.0.1:{port}/" in text
        email, password = re.search(r"log in as (\S+) with password (\S+)", text).groups()  # type: ignore[union-attr]
        connection_id = re.search(r'"Demo Jira" connection (\S+) -> http://127\.0\.0\.1:\d+', text).group(1)  # type: ignore[union-attr]
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            signed_in = await client.post("/api/auth/login", json={"email": email, "password": password})
            assert signed_in.status_code == 200
            headers = {"Authorization": f"Bearer {signed_in.json()['token']}"}
            launched = await client.post("/api/export", headers=headers, json={
                "connection_id": connection_id, "jql": "key in (ALPHA-1, ALPHA-2) ORDER BY key ASC",
                "formats": ["json"], "name": "demo",
            })
            assert launched.status_code == 202, launched.text
            job_id = launched.json()["job_id"]
            events = await follow_stream(f"http://127.0.0.1:{port}", signed_in.json()["token"], job_id, within=120)
            assert events[-1][0] == "job.succeeded"
            job = (await client.get(f"/api/jobs/{job_id}", headers=headers)).json()
            assert job["state"] == "succeeded" and job["counts"]["issues_exported"] == 2
        os.killpg(script.pid, signal.SIGINT)
        await asyncio.wait_for(script.wait(), timeout=60)
        assert _live_members(script.pid) == []  # the simulator, serve and the banner's reader have all exited
        log = (tmp_path / "data" / "serve.log").read_text()
        assert "Traceback" not in log, log[max(0, log.find("Traceback") - 1500):][:5000]
    finally:
        if script.returncode is None:
            os.killpg(script.pid, signal.SIGKILL)
            await script.wait()
