"""Real export folders made from the Jira simulator's hostile text, and jobs that serve them through the API.

The simulator's corpus (`jiraex_jira_sim.dataset.text.PAYLOADS`, the user pool's display names) puts script tags,
event-handler attributes and spreadsheet formulas into summaries, comments, worklogs and custom fields; the export
engine (`run_local_export`, the same code `jiraex export` and the embedded mode run) turns them into every format.
"""

import re
from pathlib import Path

import httpx
from api_harness import ApiHarness
from jobs_api_helpers import add_connection, finished_job

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.dataset.text import PAYLOADS
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.jira import JiraClient, JiraCredentials
from jiraex_shared.pipeline.local_run import run_local_export
from jiraex_shared.pipeline.progress import NullProgress
from jiraex_shared.pipeline.spec import ExportSpec
from jiraex_shared.ratelimit import MemoryRateGovernor
from jiraex_shared.storage import LocalArtifactStore

# The corpus entries that are markup: each would run script if a page ever rendered it unescaped.
HTML_PAYLOADS: tuple[str, ...] = tuple(p for p in PAYLOADS if re.search(r"<(script|img|svg)\b", p))
# A display name of the user pool: shows that people's names are escaped too (unescaped, "<b>" would vanish).
MARKUP_NAME = "<b>Bold</b> Name"
JQL = "created >= -5200w ORDER BY key ASC"


def sim_config(mode: str) -> SimConfig:
    """30 ordinary issues (no heavy ones: they add megabytes, not new kinds of text). Seed 4 puts every markup
    payload into the HTML pages of both deployments; the tests check that, so a changed corpus cannot make them
    pass without a payload."""
    return SimConfig(mode=mode, issues=30, seed=4, heavy_every=1000, max_attachment_bytes=4_000)


async def export_from_simulator(mode: str, out: Path, store_dir: Path) -> Path:
    """Export every issue of a fresh simulator in every format (JSON, NDJSON, CSV, XML, HTML site) into `out`."""
    config = sim_config(mode)
    if config.cloud:
        credentials = JiraCredentials(auth="basic", user=config.email, token=config.token)
    else:
        credentials = JiraCredentials(auth="bearer", user=None, token=config.token)
    async with run_simulator(config) as sim, httpx.AsyncClient(timeout=10) as http:
        client = JiraClient(sim.base_url, credentials, http, governor=MemoryRateGovernor())
        await run_local_export(
            client,
            LocalArtifactStore(store_dir),
            ExportSpec(jql=JQL, name=f"hostile-{mode}"),
            directory=out,
            connection_id=f"sim-{mode}",
            chunk_size=50,
            progress=NullProgress(),
        )
    return out


def export_files(directory: Path) -> dict[str, bytes]:
    """Every file of an export folder by its path relative to the folder, as the assembler records them."""
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


async def published_job(api: ApiHarness, owner_id: str, files: dict[str, bytes], name: str) -> str:
    """A succeeded job of `owner_id` whose recorded files are `files`: what the API's file routes then serve."""
    connection_id = await add_connection(api, owner_id)
    return await finished_job(api, owner_id, connection_id, files, name=name)
