"""The retry loop of every Jira request: rate governor, AIMD slot, Retry-After pauses and backoff."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager, nullcontext
from typing import TYPE_CHECKING, Any

import httpx

from jiraex_shared.jira.credentials import JiraCredentials
from jiraex_shared.jira.errors import JiraPermanentError, JiraRetryableError
from jiraex_shared.jira.exchange import PAUSING_STATUSES, Answer, Call, Exchange, describe, where_of
from jiraex_shared.jira.stats import RequestStats
from jiraex_shared.log import get_logger

if TYPE_CHECKING:
    from jiraex_shared.ratelimit import AdaptiveConcurrency, RateGovernor

log = get_logger(__name__)

# Jira Cloud marks answers given with less than a fifth of a rate budget left; growing concurrency then only
# buys 429s (research/jira-api.md, rate limiting).
NEAR_LIMIT_HEADER = "x-ratelimit-nearlimit"


class Transport:
    """Sends calls with retries; every failure ends as a JiraError whose text carries no credential."""

    def __init__(
        self,
        *,
        base_url: str,
        credentials: JiraCredentials,
        http: httpx.AsyncClient,
        governor: RateGovernor,
        site: str,
        concurrency: AdaptiveConcurrency | None,
        timeout: float,
        max_attempts: int,
        stats: RequestStats,
        backoff: Callable[[int], float],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.stats = stats
        self._exchange = Exchange(
            http, authorization=credentials.authorization(), timeout=timeout, stats=stats, on_pause=self._pause
        )
        self._governor = governor
        self._site = site
        self._concurrency = concurrency
        self._max_attempts = max_attempts
        self._backoff = backoff
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"Transport(base_url={self.base_url!r})"

    def url(self, path: str) -> str:
        """An absolute URL under the base URL (which may carry a path prefix such as /ex/jira/{cloudId})."""
        return self.base_url + path

    async def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        async with AsyncExitStack() as stack:
            return (await self.send(Call("GET", self.url(path), params=params), stack)).payload

    async def post_json(self, path: str, body: Any, params: Mapping[str, Any] | None = None) -> Any:
        async with AsyncExitStack() as stack:
            return (await self.send(Call("POST", self.url(path), params=params, json=body), stack)).payload

    @asynccontextmanager
    async def open(self, call: Call) -> AsyncIterator[Answer]:
        """Send `call` (usually `stream=True`); the response and its concurrency slot stay open meanwhile."""
        async with AsyncExitStack() as stack:
            yield await self.send(call, stack)

    async def send(self, call: Call, stack: AsyncExitStack) -> Answer:
        """Retry `call` until it succeeds or fails for good; the response and slot are released by `stack`."""
        for attempt in range(1, self._max_attempts + 1):
            if attempt > 1:
                self.stats.retries += 1
            attempt_stack = AsyncExitStack()
            try:
                await attempt_stack.enter_async_context(self._slot())
                if call.to_jira:
                    await self._acquire()
                answer = await self._exchange.attempt(call, attempt_stack)
            except JiraRetryableError as error:
                failure = error
            except (httpx.TimeoutException, TimeoutError):
                failure = JiraRetryableError(f"no answer within {self.timeout:g} s", where=where_of(call))
            except (httpx.NetworkError, httpx.RemoteProtocolError) as error:
                failure = JiraRetryableError(describe(error), where=where_of(call))
            except httpx.TransportError as error:  # unsupported scheme, proxy refusal, malformed request
                await attempt_stack.aclose()
                raise JiraPermanentError(describe(error), where=where_of(call)) from None
            except BaseException:
                await attempt_stack.aclose()
                raise
            else:
                if self._concurrency is not None and call.to_jira:
                    if answer.response.headers.get(NEAR_LIMIT_HEADER, "").lower() == "true":
                        self.stats.near_limit += 1
                        self._concurrency.on_near_limit()
                    else:
                        self._concurrency.on_success()
                stack.push_async_callback(attempt_stack.pop_all().aclose)
                return answer
            await attempt_stack.aclose()
            await self._after_failure(call, failure, attempt)
        raise AssertionError("unreachable: the last attempt raises")

    async def backoff(self, retry: int) -> None:
        """Sleep the backoff before retry number `retry` (from 0), for retries decided outside `send`."""
        delay = self._backoff(retry)
        if delay > 0:
            self.stats.wait_seconds += delay
            await self._sleep(delay)

    async def _pause(self, seconds: float) -> None:
        # Site-wide: every worker's next acquire() waits it out, so no request reaches Jira early.
        await self._governor.pause(self._site, seconds)

    def _slot(self) -> AbstractAsyncContextManager[None]:
        return self._concurrency.slot() if self._concurrency is not None else nullcontext()

    async def _acquire(self) -> None:
        started = time.monotonic()
        await self._governor.acquire(self._site)
        self.stats.wait_seconds += time.monotonic() - started

    async def _after_failure(self, call: Call, failure: JiraRetryableError, attempt: int) -> None:
        status = failure.status
        if status == 429:
            self.stats.throttled += 1
        if status in PAUSING_STATUSES and self._concurrency is not None and call.to_jira:
            self._concurrency.on_throttle()
        # The exchange already paused the site (`_pause`) as soon as it saw the answer.
        pause = failure.retry_after if status in PAUSING_STATUSES else None
        if attempt >= self._max_attempts:
            raise failure
        delay = 0.0 if pause is not None and call.to_jira else (pause or self._backoff(attempt - 1))
        log.info(
            "jira_retry",
            where=failure.where,
            status=status,
            attempt=attempt,
            reason=failure.message[:200],
            wait_s=round(pause if pause is not None else delay, 3),
        )
        if delay > 0:
            self.stats.wait_seconds += delay
            await self._sleep(delay)
