"""`jiraex export` as a person runs it: exit codes and one readable line for every kind of bad input."""

import asyncio
import json
import os
import sys
from pathlib import Path

import pytest

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator

pytestmark = pytest.mark.integration
JIRAEX = str(Path(sys.executable).with_name("jiraex"))
SIM = SimConfig(mode="cloud", issues=60, seed=5, heavy_every=30, max_attachment_bytes=20_000,
                email="ada@example.com", token="good-token")


async def jiraex(*args: str, token: str = "good-token") -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_EXTRACTOR_", "JIRA_TOKEN"))}
    process = await asyncio.create_subprocess_exec(
        JIRAEX, *args, env={**env, "JIRA_TOKEN": token}, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


async def test_export_writes_every_format_and_exits_zero(tmp_path: Path) -> None:
    out = tmp_path / "export"
    async with run_simulator(SIM) as sim:
        code, stdout, stderr = await jiraex(
            "export", "--url", sim.base_url, "--email", SIM.email, "--jql", "project = ALPHA ORDER BY key",
            "--zip", "--out", str(out),
        )
    assert code == 0, stderr
    assert "exported" in stdout
    names = {p.name for p in out.iterdir()}
    assert {"issues.json", "issues.ndjson", "issues.xml", "csv", "html", "fields.json", "manifest.json"} <= names
    assert (tmp_path / "export.zip").is_file()
    assert not (tmp_path / ".export.work").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] is True
    assert manifest["counts"]["issues_exported"] == manifest["counts"]["issues_expected"] > 0


async def test_selected_formats_and_parts(tmp_path: Path) -> None:
    out = tmp_path / "slim"
    async with run_simulator(SIM) as sim:
        code, _, stderr = await jiraex(
            "export", "--url", sim.base_url, "--email", SIM.email, "--jql", "project = ALPHA",
            "--format", "ndjson,csv", "--no-attachments", "--no-worklogs", "--fields", "summary,status",
            "--out", str(out),
        )
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == ["csv", "fields.json", "issues.ndjson", "manifest.json"]
    record = json.loads((out / "issues.ndjson").read_text().splitlines()[0])
    assert record["worklogs"] is None, "a part left out is null, not an empty list"
    assert record["attachments"] is None
    assert isinstance(record["comments"], list)
    assert set(record["fields"]) <= {"summary", "status", "attachment", "comment"}


@pytest.mark.parametrize(
    ("jql", "token", "expected"),
    [
        ("project = NOPE", "good-token", "The value 'NOPE' does not exist for the field 'project'."),
        ("project = ALPHA AND (", "good-token", "Error in the JQL Query"),
        ("project = ALPHA", "wrong-token", "Jira refused the credentials"),
    ],
)
async def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, jql: str, token: str, expected: str) -> None:
    async with run_simulator(SIM) as sim:
        code, _, stderr = await jiraex(
            "export", "--url", sim.base_url, "--email", SIM.email, "--jql", jql, "--out", str(tmp_path / "x"),
            token=token,
        )
    assert code == 2
    assert expected in one_line(stderr)
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("url", ["http://127.0.0.1:1", "http://no-such-host.invalid"])
async def test_unreachable_jira_is_one_line_and_exit_2(tmp_path: Path, url: str) -> None:
    code, _, stderr = await jiraex(
        "export", "--url", url, "--email", "a@example.com", "--jql", "project = A", "--out", str(tmp_path / "x"),
    )
    assert code == 2
    assert "cannot reach Jira" in one_line(stderr)


async def test_output_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep.txt").write_text("mine")
    async with run_simulator(SIM) as sim:
        code, _, stderr = await jiraex(
            "export", "--url", sim.base_url, "--email", SIM.email, "--jql", "project = ALPHA",
            "--out", str(tmp_path / "taken"),
        )
    assert code == 2
    assert "not an empty folder" in one_line(stderr)
    assert (tmp_path / "taken" / "keep.txt").read_text() == "mine"


async def test_preflight_reports_count_and_estimates() -> None:
    async with run_simulator(SIM) as sim:
        code, stdout, stderr = await jiraex(
            "export", "--url", sim.base_url, "--email", SIM.email, "--jql", "project = ALPHA", "--preflight",
        )
    assert code == 0, stderr
    assert "JQL: valid" in stdout
    count = int(next(line for line in stdout.splitlines() if line.startswith("issues")).rsplit(" ", 1)[1])
    assert count > 0
    assert "estimated requests:" in stdout
