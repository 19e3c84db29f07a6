"""Shared steps of the pipeline tests: run an export against an in-process simulator and read what it wrote."""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import httpx

from jiraex_jira_sim.runner import RunningSimulator
from jiraex_shared.jira import JiraClient, JiraCredentials, RequestStats
from jiraex_shared.pipeline.local_run import LocalExportResult, run_local_export
from jiraex_shared.pipeline.progress import NullProgress
from jiraex_shared.pipeline.spec import ExportSpec
from jiraex_shared.ratelimit import AdaptiveConcurrency, MemoryRateGovernor
from jiraex_shared.storage import ArtifactStore, LocalArtifactStore

# One start time for every test export, so two exports of the same data can be compared byte for byte.
STARTED_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def credentials_for(sim: RunningSimulator) -> JiraCredentials:
    config = sim.config
    if config.cloud:
        return JiraCredentials(auth="basic", user=config.email, token=config.token)
    return JiraCredentials(auth="bearer", user=None, token=config.token)


async def export(
    sim: RunningSimulator, spec: ExportSpec, out: Path, *, store_dir: Path | None = None, chunk_size: int = 40,
    stats: RequestStats | None = None, store: ArtifactStore | None = None,
) -> LocalExportResult:
    """Export from the simulator into `out` with the pipeline, keeping parts and blobs in `store` (or a folder)."""
    assert store is not None or store_dir is not None
    async with httpx.AsyncClient(timeout=10) as http:
        client = JiraClient(
            sim.base_url, credentials_for(sim), http, governor=MemoryRateGovernor(), stats=stats,
            concurrency=AdaptiveConcurrency(initial=8, maximum=16), max_attempts=12,
        )
        return await run_local_export(
            client, store or LocalArtifactStore(store_dir), spec, directory=out, connection_id="conn-1",
            chunk_size=chunk_size, progress=NullProgress(), archive_path=out.with_suffix(".zip"),
            started_at=STARTED_AT,
        )


async def ground_truth(sim: RunningSimulator, jql: str) -> list[dict]:
    async with httpx.AsyncClient() as http:
        response = await http.get(f"{sim.base_url}/__sim/ground-truth", params={"jql": jql})
        response.raise_for_status()
        return response.json()["issues"]


def read_ndjson(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def file_hashes(directory: Path, *, skip: frozenset[str] = frozenset({"manifest.json"})) -> dict[str, str]:
    """SHA-256 of every file under `directory` by relative path (the manifest holds run times, so skip it)."""
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and str(path.relative_to(directory)) not in skip
    }
