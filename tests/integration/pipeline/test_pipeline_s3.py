"""The pipeline keeps its chunk parts and attachment blobs in S3 (moto) exactly as in a local folder."""

from pathlib import Path

import pytest
from pipeline_helpers import export, file_hashes

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.pipeline.spec import ExportSpec
from jiraex_shared.settings import load_settings
from jiraex_shared.storage import attachment_key, open_artifact_store

pytestmark = pytest.mark.integration


async def test_export_through_s3_equals_export_through_a_folder(
    s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    endpoint, bucket = s3_bucket
    settings = load_settings({
        "JIRA_EXTRACTOR_S3_ENDPOINT_URL": endpoint, "JIRA_EXTRACTOR_S3_BUCKET": bucket,
        "JIRA_EXTRACTOR_S3_ACCESS_KEY_ID": "test", "JIRA_EXTRACTOR_S3_SECRET_ACCESS_KEY": "test",
    })
    spec = ExportSpec(jql="project = ALPHA ORDER BY key ASC")
    async with run_simulator(SimConfig(issues=60, seed=9, heavy_every=25, max_attachment_bytes=50_000)) as sim:
        await export(sim, spec, tmp_path / "local", store_dir=tmp_path / "store")
        async with open_artifact_store(settings) as store:
            result = await export(sim, spec, tmp_path / "s3", store=store)
            blobs = [item async for item in store.list("attachments/")]
            parts = [item async for item in store.list("parts/")]
            first = result.assembled.counts.attachments and await store.stat(blobs[0].key)
    assert file_hashes(tmp_path / "s3") == file_hashes(tmp_path / "local")
    assert len(blobs) == result.assembled.counts.attachments > 0
    assert blobs[0].key.startswith(attachment_key("conn-1", "1").rsplit("/", 1)[0])
    assert first and first.sha256 is not None
    assert parts == [], "chunk parts are removed once the export is assembled"
