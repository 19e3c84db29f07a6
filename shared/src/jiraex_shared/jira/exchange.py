"""One attempt at a Jira request: build it with credentials, send it, follow safe redirects, judge it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

import httpx
import msgspec

from jiraex_shared.jira.error_bodies import error_message
from jiraex_shared.jira.errors import JiraError, JiraProtocolError, JiraRetryableError, error_for_status
from jiraex_shared.jira.stats import RequestStats
from jiraex_shared.ratelimit import retry_after_seconds

MAX_REDIRECTS = 5
# Error bodies are read only for Jira's message; HTML error pages can be large, the message is near the top.
MAX_ERROR_BODY = 64 * 1024
# A wait beyond Jira's hourly quota window is a broken header, not advice.
MAX_RETRY_AFTER = 3600.0
PAUSING_STATUSES = frozenset({429, 503})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Call:
    """One logical request. `to_jira` False means a pre-signed media URL: no credentials, no rate tokens."""

    method: str
    url: str
    params: Mapping[str, Any] | None = None
    json: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    to_jira: bool = True
    stream: bool = False
    expect_json: bool = True
    # Hand a redirect to another host back to the caller (Cloud attachments) instead of refusing it.
    offsite_redirect: bool = False


@dataclass
class Answer:
    """A successful response; `payload` is the decoded JSON when the call expected JSON."""

    response: httpx.Response
    payload: Any = None

    @property
    def redirect_target(self) -> httpx.URL | None:
        """Where an offsite redirect points (only set when `Call.offsite_redirect` let one through)."""
        if self.response.status_code in _REDIRECTS:
            return self.response.request.url.join(self.response.headers["location"])
        return None


class Exchange:
    """One attempt of a call: JiraError for unsuccessful statuses, httpx errors for broken transfers."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        authorization: str,
        timeout: float,
        stats: RequestStats,
        on_pause: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self.timeout = timeout
        self._http = http
        self._authorization = authorization
        self._stats = stats
        self._on_pause = on_pause
        self._no_auth = httpx.Auth()  # overrides any auth configured on the injected client

    def __repr__(self) -> str:
        return "Exchange()"

    async def attempt(self, call: Call, stack: AsyncExitStack) -> Answer:
        """Responses opened here are closed by `stack`; a streamed success stays open until then."""
        method, url, body = call.method, httpx.URL(call.url), call.json
        for _hop in range(MAX_REDIRECTS + 1):
            request = self._build(call, method, url, body)
            self._stats.requests += 1  # counted when sent: a reset or timed-out attempt still cost one
            async with asyncio.timeout(self.timeout):
                response = await self._http.send(
                    request, stream=True, auth=self._no_auth, follow_redirects=False
                )
            stack.push_async_callback(response.aclose)
            location = response.headers.get("location")
            if response.status_code in _REDIRECTS and location:
                target = url.join(location)
                await response.aclose()
                if call.to_jira and not _same_origin(target, url):
                    if call.offsite_redirect:
                        return Answer(response)
                    site = f"{target.scheme}://{target.netloc.decode()}"
                    raise JiraProtocolError(
                        f"Jira redirected to {site}; credentials are only sent to the configured site "
                        "(if that is the real Jira address, use it as the base URL)",
                        status=response.status_code,
                        where=where_of(call),
                    )
                if response.status_code in (301, 302, 303):
                    method, body = "GET", None
                url = target
                continue
            if response.is_success:
                return await self._success(call, response)
            retry_after = _retry_after(response)
            if retry_after is not None and call.to_jira and self._on_pause is not None:
                # Pause the site *before* reading the body: reading it to the end hands this connection back
                # to the pool, and another task could send on it at once, before Retry-After has run out.
                await self._on_pause(retry_after)
            raise await self._failure(call, response)
        raise JiraProtocolError(f"more than {MAX_REDIRECTS} redirects", where=where_of(call))

    def _build(self, call: Call, method: str, url: httpx.URL, body: Any) -> httpx.Request:
        headers = {"Accept": "application/json" if call.expect_json else "*/*", **call.headers}
        content = None
        if body is not None:
            content = msgspec.json.encode(body)
            headers["Content-Type"] = "application/json"
        request = self._http.build_request(
            method,
            url,
            params=call.params,
            content=content,
            headers=headers,
            timeout=httpx.Timeout(self.timeout),
        )
        if call.to_jira:
            request.headers["Authorization"] = self._authorization
        else:
            request.headers.pop("Authorization", None)
        return request

    async def _success(self, call: Call, response: httpx.Response) -> Answer:
        if call.stream:
            return Answer(response)
        async with asyncio.timeout(self.timeout):
            content = await response.aread()
        if not call.expect_json or not content.strip():
            return Answer(response)
        media_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type and media_type != "application/json" and not media_type.endswith("+json"):
            message = error_message(response.status_code, media_type, content[:MAX_ERROR_BODY])
            raise JiraProtocolError(
                f"expected JSON from the Jira REST API but got {media_type}: {message}",
                status=response.status_code,
                where=where_of(call),
            )
        try:
            return Answer(response, msgspec.json.decode(content))
        except msgspec.DecodeError as error:
            # A body cut short by a proxy without breaking Content-Length; the same request usually succeeds.
            raise JiraRetryableError(
                f"unreadable JSON body ({error})", status=response.status_code, where=where_of(call)
            ) from None

    async def _failure(self, call: Call, response: httpx.Response) -> JiraError:
        async with asyncio.timeout(self.timeout):
            body = await _read_limited(response, MAX_ERROR_BODY)
        status = response.status_code
        message = error_message(status, response.headers.get("content-type"), body)
        return error_for_status(status, message, where=where_of(call), retry_after=_retry_after(response))


def _retry_after(response: httpx.Response) -> float | None:
    """The wait a 429/503 asks for (bounded), or None for other statuses or when it names none."""
    if response.status_code not in PAUSING_STATUSES:
        return None
    retry_after = retry_after_seconds(response.headers)
    return None if retry_after is None else min(retry_after, MAX_RETRY_AFTER)


async def _read_limited(response: httpx.Response, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)[:limit]


def _same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    return (a.scheme, a.host, a.port or _default_port(a)) == (b.scheme, b.host, b.port or _default_port(b))


def _default_port(url: httpx.URL) -> int | None:
    return {"http": 80, "https": 443}.get(url.scheme)


def where_of(call: Call) -> str:
    """Method and path only: the query may hold JQL and media URLs carry signatures."""
    return f"{call.method} {httpx.URL(call.url).path}"


def describe(error: httpx.HTTPError) -> str:
    text = str(error) or type(error).__name__
    return f"connection problem ({type(error).__name__}: {text})"
