"""Runs the Jira client against the in-process simulator and reduces what it extracted to comparable facts."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

import httpx

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.dataset import Dataset
from jiraex_jira_sim.runner import RunningSimulator, run_simulator
from jiraex_shared.jira import JiraClient, JiraCredentials, RequestStats
from jiraex_shared.ratelimit import AdaptiveConcurrency, MemoryRateGovernor

EMAIL = "robot@example.com"
TOKEN = "cloud-token-for-tests"
PAT = "server-pat-for-tests"
USER = "robot"
PASSWORD = "server-password-for-tests"


def sim_config(mode: str, **changes: Any) -> SimConfig:
    base = SimConfig(
        mode=mode,  # type: ignore[arg-type]
        issues=300,
        seed=7,
        max_attachment_bytes=256 * 1024,
        email=EMAIL,
        token=TOKEN if mode == "cloud" else PAT,
        user=USER,
        password=PASSWORD,
        server_max_results=50,
    )
    return replace(base, **changes)


def credentials(mode: str, *, server_basic: bool = False) -> JiraCredentials:
    if mode == "cloud":
        return JiraCredentials(auth="basic", user=EMAIL, token=TOKEN)
    if server_basic:
        return JiraCredentials(auth="basic", user=USER, token=PASSWORD)
    return JiraCredentials(auth="bearer", user=None, token=PAT)


@dataclass
class Connected:
    sim: RunningSimulator
    client: JiraClient
    stats: RequestStats


@asynccontextmanager
async def connected(
    config: SimConfig, dataset: Dataset, *, server_basic: bool = False, **client_options: Any
) -> AsyncIterator[Connected]:
    """A running simulator and a JiraClient on it (deployment detected, real in-memory rate governor)."""
    async with run_simulator(config, dataset) as sim, httpx.AsyncClient() as http:
        stats = RequestStats()
        options = {"timeout": 5.0, "max_attempts": 10, **client_options}
        client = JiraClient(
            sim.base_url,
            credentials(config.mode, server_basic=server_basic),
            http,
            governor=MemoryRateGovernor(),
            concurrency=AdaptiveConcurrency(initial=6, maximum=12),
            stats=stats,
            **options,
        )
        yield Connected(sim, client, stats)


async def ground_truth(sim: RunningSimulator, jql: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=sim.base_url, timeout=60) as admin:
        response = await admin.get("/__sim/ground-truth", params={"jql": jql})
        response.raise_for_status()
        return response.json()


async def enumerate_ids(client: JiraClient, jql: str) -> tuple[list[str], list[str], int]:
    """(ids, keys, pages) of the whole result, following cursors to the end."""
    ids: list[str] = []
    keys: list[str] = []
    page = await client.search_ids(jql)
    pages = 1
    ids += page.ids
    keys += page.keys
    while page.cursor is not None:
        page = await client.search_ids(jql, cursor=page.cursor)
        pages += 1
        ids += page.ids
        keys += page.keys
    return ids, keys, pages


async def sha256_of(client: JiraClient, attachment: dict) -> str:
    digest = hashlib.sha256()
    async for chunk in client.stream_attachment(attachment):
        digest.update(chunk)
    return digest.hexdigest()


async def extract(client: JiraClient, jql: str, *, attachments_of: int) -> dict[str, Any]:
    """Everything an export needs, reduced to keys, per-issue counts and attachment hashes.

    Counts come from the completed embedded lists and, separately, from `changelogs()`, `comments()` and
    `worklogs()`, so both paths are checked. Attachments are downloaded for the first `attachments_of`
    issues that have any, plus every attachment of the issues with the longest comment lists.
    """
    ids, keys, _ = await enumerate_ids(client, jql)
    issues = await client.fetch_issues(ids, fields=None, expand=["changelog"])
    completed = await asyncio.gather(*(client.complete_issue(issue) for issue in issues))
    histories = await client.changelogs(ids)
    counts: dict[str, list[int]] = {}
    for issue in completed:
        fields = issue["fields"]
        counts[issue["key"]] = [
            len(fields["comment"]["comments"]),
            len(issue["changelog"]["histories"]),
            len(fields["worklog"]["worklogs"]),
            len(histories[issue["id"]]),
        ]
    heavy = sorted(completed, key=lambda issue: -issue["fields"]["comment"]["total"])[:3]
    for issue in heavy:
        counts[issue["key"]] += [
            len(await client.comments(issue["id"])),
            len(await client.worklogs(issue["id"])),
        ]
    with_files = [issue for issue in completed if issue["fields"].get("attachment")][:attachments_of]
    attachments = {
        str(attachment["id"]): attachment
        for issue in [*with_files, *heavy]
        for attachment in issue["fields"].get("attachment") or []
    }
    digests = await asyncio.gather(*(sha256_of(client, attachment) for attachment in attachments.values()))
    hashes = dict(zip(attachments, digests, strict=True))
    return {"ids": ids, "keys": keys, "counts": counts, "sha256": hashes}
