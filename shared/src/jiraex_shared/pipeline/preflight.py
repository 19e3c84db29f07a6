"""PREFLIGHT: check the JQL and estimate an export's size, requests and time before running it."""

import math
import time

import msgspec

from jiraex_shared.jira import JiraClient

# Page sizes the Jira strategy uses (ARCHITECTURE §3): id pages, bulk issue and bulk changelog calls.
CLOUD_ID_PAGE = 5000
BULK_ISSUES = 100
BULK_CHANGELOGS = 1000
# Share of issues whose embedded comment or worklog page is truncated and costs extra requests (heavy tail).
TRUNCATED_SHARE = 0.05


class Preflight(msgspec.Struct, frozen=True, kw_only=True):
    jql_valid: bool
    approximate_count: int | None
    estimated_requests: int
    estimated_seconds: float
    deployment: str
    version: str


def estimate_requests(count: int, *, cloud: bool, server_page: int = 1000, changelog: bool = True) -> int:
    """The minimum number of requests an export of `count` issues needs, plus the expected heavy-tail pages."""
    id_pages = math.ceil(count / (CLOUD_ID_PAGE if cloud else server_page)) or 1
    bulk = math.ceil(count / BULK_ISSUES)
    changelogs = math.ceil(count / BULK_CHANGELOGS) if changelog and cloud else 0
    return id_pages + bulk + changelogs + math.ceil(count * TRUNCATED_SHARE)


async def preflight(
    client: JiraClient, jql: str, *, rate_limit: float | None, concurrency: int, changelog: bool = True
) -> Preflight:
    """Validate `jql` (Jira's own error on a bad one), count, and estimate from a measured round trip."""
    started = time.perf_counter()
    info = await client.server_info()
    round_trip = time.perf_counter() - started
    count = await client.approximate_count(jql) or 0
    requests = estimate_requests(count, cloud=info.deployment == "cloud", changelog=changelog)
    by_latency = requests * round_trip / max(1, concurrency)
    by_rate = requests / rate_limit if rate_limit else 0.0
    return Preflight(
        jql_valid=True, approximate_count=count, estimated_requests=requests,
        estimated_seconds=round(max(by_latency, by_rate), 1), deployment=info.deployment, version=info.version,
    )
