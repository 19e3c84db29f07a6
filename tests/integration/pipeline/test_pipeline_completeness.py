"""An export against the simulator equals its ground truth: every key, comment, history entry, worklog, file."""

import json
from pathlib import Path

import pytest
from pipeline_helpers import export, file_hashes, ground_truth, read_ndjson

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.pipeline.spec import ExportSpec

pytestmark = pytest.mark.integration

JQL = "created >= -5200w ORDER BY key ASC"


def config(mode: str, **faults: object) -> SimConfig:
    from jiraex_jira_sim.faults.settings import FaultSettings

    return SimConfig(mode=mode, issues=120, seed=7, heavy_every=40, max_attachment_bytes=150_000,
                     faults=FaultSettings(**faults))


@pytest.mark.parametrize("mode", ["cloud", "server"])
async def test_export_matches_ground_truth(mode: str, tmp_path: Path) -> None:
    async with run_simulator(config(mode)) as sim:
        result = await export(sim, ExportSpec(jql=JQL, archive=True), tmp_path / "out", store_dir=tmp_path / "store")
        truth = await ground_truth(sim, JQL)
    records = read_ndjson(tmp_path / "out" / "issues.ndjson")
    assert [r["key"] for r in records] == [t["key"] for t in truth]
    for record, expected in zip(records, truth, strict=True):
        assert len(record["comments"]) == expected["comments"], record["key"]
        assert len(record["changelog"]) == expected["histories"], record["key"]
        assert len(record["worklogs"]) == expected["worklogs"], record["key"]
        got = {a["id"]: (a["size"], a["sha256"]) for a in record["attachments"]}
        assert got == {a["id"]: (a["size"], a["sha256"]) for a in expected["attachments"]}, record["key"]
    assert max(t["comments"] for t in truth) > 100, "the dataset must exercise comment paging"
    assert max(t["histories"] for t in truth) > 100, "the dataset must exercise changelog paging"
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["complete"] is True, manifest["warnings"]
    assert manifest["counts"] == {
        "issues_expected": len(truth),
        "issues_exported": len(truth),
        "comments": sum(t["comments"] for t in truth),
        "histories": sum(t["histories"] for t in truth),
        "worklogs": sum(t["worklogs"] for t in truth),
        "attachments": sum(len(t["attachments"]) for t in truth),
        "attachment_bytes": sum(a["size"] for t in truth for a in t["attachments"]),
    }
    assert result.assembled.complete
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert listed == file_hashes(tmp_path / "out")
    assert (tmp_path / "out.zip").stat().st_size > 0


async def test_faults_change_nothing_in_the_output(tmp_path: Path) -> None:
    """429 storms, 5xx, resets, truncated bodies and dropped attachment streams: byte-identical files."""
    async with run_simulator(config("cloud")) as sim:
        await export(sim, ExportSpec(jql=JQL), tmp_path / "clean", store_dir=tmp_path / "store-clean")
        sim.set_faults(
            seed=11, rate_limit_rps=150, retry_after_zero_fraction=0.3, html_429_fraction=0.3, error_rate=0.05,
            reset_rate=0.03, truncate_rate=0.03, drop_attachment_streams=True, storm_every_s=2.0,
            storm_duration_s=0.3,
        )
        sim.reset_stats()
        await export(sim, ExportSpec(jql=JQL), tmp_path / "faulty", store_dir=tmp_path / "store-faulty")
        stats = sim.stats()
    assert file_hashes(tmp_path / "faulty") == file_hashes(tmp_path / "clean")
    assert stats["early_retries"] == 0
    assert "429" in json.dumps(stats)


async def test_same_data_gives_byte_identical_files(tmp_path: Path) -> None:
    async with run_simulator(config("cloud")) as sim:
        spec = ExportSpec(jql="project = ALPHA ORDER BY key ASC", archive=True)
        await export(sim, spec, tmp_path / "a" / "out", store_dir=tmp_path / "store-a", chunk_size=7)
        await export(sim, spec, tmp_path / "b" / "out", store_dir=tmp_path / "store-b", chunk_size=50)
    assert file_hashes(tmp_path / "a" / "out") == file_hashes(tmp_path / "b" / "out")


async def test_attachments_are_downloaded_once_per_store(tmp_path: Path) -> None:
    async with run_simulator(config("cloud")) as sim:
        spec = ExportSpec(jql="project = ALPHA ORDER BY key ASC", formats=("ndjson",))
        first = await export(sim, spec, tmp_path / "one", store_dir=tmp_path / "store")
        sim.reset_stats()
        await export(sim, spec, tmp_path / "two", store_dir=tmp_path / "store")
        stats = json.dumps(sim.stats())
    assert first.assembled.counts.attachments > 0
    assert "attachment/content" not in stats
