"""JiraClient: one Jira site (Cloud or Server/DC) behind the operations an export needs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from contextlib import aclosing
from typing import TYPE_CHECKING, Any

import httpx

from jiraex_shared.jira.attachments import content_url
from jiraex_shared.jira.attachments import stream_attachment as _stream_attachment
from jiraex_shared.jira.bulk import cloud_fetch_issues, server_fetch_issues
from jiraex_shared.jira.changelogs import cloud_changelogs, server_changelogs
from jiraex_shared.jira.completion import complete_issue as _complete_issue
from jiraex_shared.jira.credentials import JiraCredentials
from jiraex_shared.jira.errors import JiraProtocolError
from jiraex_shared.jira.ids import checked_ids
from jiraex_shared.jira.issue_lists import all_comments, all_worklogs
from jiraex_shared.jira.search import SearchCursor, SearchPage
from jiraex_shared.jira.search_cloud import cloud_approximate_count, cloud_search_page
from jiraex_shared.jira.search_server import server_count, server_search_page
from jiraex_shared.jira.server_info import Deployment, ServerInfo, parse_server_info
from jiraex_shared.jira.stats import RequestStats
from jiraex_shared.jira.transport import Transport
from jiraex_shared.ratelimit import backoff_delay, site_key

if TYPE_CHECKING:
    from jiraex_shared.ratelimit import AdaptiveConcurrency, RateGovernor

SERVER_INFO_PATH = "/rest/api/2/serverInfo"  # v2 answers on every deployment and version


class JiraClient:
    """Talks to one Jira site through an injected `httpx.AsyncClient` (the caller owns and closes it).

    Every request goes through the rate governor of the site, the optional AIMD concurrency limit, a
    timeout and bounded retries. Operations that differ per deployment detect it first with `serverInfo`
    (once; pass `deployment` when it is already known, e.g. stored with the connection).
    """

    def __init__(
        self,
        base_url: str,
        credentials: JiraCredentials,
        http: httpx.AsyncClient,
        *,
        governor: RateGovernor,
        concurrency: AdaptiveConcurrency | None = None,
        timeout: float = 30.0,
        max_attempts: int = 8,
        stats: RequestStats | None = None,
        deployment: Deployment | None = None,
        backoff: Callable[[int], float] = backoff_delay,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.base_url = normalise_base_url(base_url)
        self.auth = credentials.auth
        self.stats = stats if stats is not None else RequestStats()
        self._max_attempts = max_attempts
        self._deployment: Deployment | None = deployment
        self._info: ServerInfo | None = None
        self._transport = Transport(
            base_url=self.base_url,
            credentials=credentials,
            http=http,
            governor=governor,
            site=site_key(self.base_url),
            concurrency=concurrency,
            timeout=timeout,
            max_attempts=max_attempts,
            stats=self.stats,
            backoff=backoff,
            sleep=sleep,
        )

    def __repr__(self) -> str:
        return f"JiraClient(base_url={self.base_url!r}, auth={self.auth!r}, deployment={self._deployment!r})"

    # --- site ------------------------------------------------------------------------------
    async def server_info(self) -> ServerInfo:
        """`serverInfo`, fetched once; it also settles the deployment unless one was given."""
        if self._info is None:
            payload = await self._transport.get_json(SERVER_INFO_PATH)
            self._info = parse_server_info(payload, base_url=self.base_url)
            if self._deployment is None:
                self._deployment = self._info.deployment
        return self._info

    async def deployment(self) -> Deployment:
        if self._deployment is None:
            await self.server_info()
        assert self._deployment is not None
        return self._deployment

    def api_version(self) -> int:
        """3 on Cloud, 2 on Server/DC; needs the deployment (given, or after `server_info()`)."""
        if self._deployment is None:
            raise RuntimeError("the deployment is not known yet: await server_info() first")
        return 3 if self._deployment == "cloud" else 2

    async def myself(self) -> dict:
        """The authenticated user; the cheapest check that the credentials work."""
        await self.deployment()
        return _expect_dict(
            await self._transport.get_json(f"/rest/api/{self.api_version()}/myself"), "myself"
        )

    async def fields(self) -> list[dict]:
        """FieldDetails of every field (system and custom) the user can see."""
        await self.deployment()
        data = await self._transport.get_json(f"/rest/api/{self.api_version()}/field")
        if not isinstance(data, list):
            raise JiraProtocolError("the field list is not a JSON array", where="GET /field")
        return data

    # --- search ----------------------------------------------------------------------------
    async def search_ids(self, jql: str, *, cursor: SearchCursor | None = None) -> SearchPage:
        """One page of matching issue ids; feed `page.cursor` back in until it is None."""
        if await self.deployment() == "cloud":
            return await cloud_search_page(self._transport, jql, cursor)
        return await server_search_page(self._transport, jql, cursor)

    async def approximate_count(self, jql: str) -> int | None:
        """Cloud's estimate or Server's exact total; also validates the JQL (bad JQL: JiraBadRequest)."""
        if await self.deployment() == "cloud":
            return await cloud_approximate_count(self._transport, jql)
        return await server_count(self._transport, jql)

    # --- issues ----------------------------------------------------------------------------
    async def fetch_issues(
        self, ids: Sequence[str], *, fields: Sequence[str] | None, expand: Sequence[str] = ()
    ) -> list[dict]:
        """Issues by id (or key) in the order asked; `fields=None` means all. Missing ones are left out."""
        wanted = checked_ids(ids)
        if not wanted:
            return []
        if await self.deployment() == "cloud":
            return await cloud_fetch_issues(self._transport, wanted, fields, expand)
        return await server_fetch_issues(self._transport, wanted, fields, expand)

    async def changelogs(self, ids: Sequence[str]) -> dict[str, list[dict]]:
        """Complete histories, oldest first, keyed by issue id (pass ids, not keys)."""
        wanted = checked_ids(ids)
        if not wanted:
            return {}
        if await self.deployment() == "cloud":
            return await cloud_changelogs(self._transport, wanted)
        return await server_changelogs(self._transport, wanted)

    async def comments(self, issue_id: str) -> list[dict]:
        """Every comment of one issue, oldest first."""
        await self.deployment()
        return await all_comments(self._transport, self.api_version(), checked_ids([issue_id])[0])

    async def worklogs(self, issue_id: str) -> list[dict]:
        """Every worklog of one issue."""
        await self.deployment()
        return await all_worklogs(self._transport, self.api_version(), checked_ids([issue_id])[0])

    async def complete_issue(self, issue: dict) -> dict:
        """The issue with truncated embedded comment, worklog and changelog pages made complete."""
        await self.deployment()
        return await _complete_issue(
            issue, comments=self.comments, worklogs=self.worklogs, changelog=self._one_changelog
        )

    async def _one_changelog(self, issue_id: str) -> list[dict]:
        return (await self.changelogs([issue_id])).get(issue_id, [])

    # --- attachments -----------------------------------------------------------------------
    async def stream_attachment(self, attachment: dict) -> AsyncGenerator[bytes, None]:
        """The bytes of an attachment (metadata as in `fields.attachment[]`), verified against its `size`."""
        size = attachment.get("size")
        url = content_url(self.base_url, await self.deployment(), attachment)
        chunks = _stream_attachment(
            self._transport,
            url,
            expected_size=size if isinstance(size, int) else None,
            max_attempts=self._max_attempts,
        )
        async with aclosing(chunks):
            async for chunk in chunks:
                yield chunk


def normalise_base_url(base_url: str) -> str:
    """`https://host[:port][/prefix]` without a trailing slash; refuses credentials, queries and fragments."""
    try:
        url = httpx.URL(base_url.strip())
    except httpx.InvalidURL:
        raise ValueError("the Jira base URL is not a valid URL") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError("the Jira base URL must be an http(s) URL with a host")
    if url.userinfo:
        raise ValueError("put credentials in the token settings, not in the Jira base URL")
    if url.query or url.fragment:
        raise ValueError("the Jira base URL must not have a query or fragment")
    return str(url).rstrip("/")


def _expect_dict(data: Any, what: str) -> dict:
    if not isinstance(data, dict):
        raise JiraProtocolError(f"{what} is not a JSON object")
    return data
