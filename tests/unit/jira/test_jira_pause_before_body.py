"""A 429's pause reaches the governor before its body is read (reading it to the end frees the connection)."""

from collections.abc import AsyncIterator

import httpx
import pytest

from jiraex_shared.jira import JiraClient, JiraCredentials, RequestStats
from jiraex_shared.jira.errors import JiraRetryableError

BASE = "https://acme.atlassian.net"


class OrderedGovernor:
    def __init__(self, log: list[str]) -> None:
        self.log = log

    async def acquire(self, site: str) -> None:
        self.log.append("acquire")

    async def pause(self, site: str, seconds: float) -> None:
        self.log.append(f"pause {seconds:g}")

    async def set_rate(self, site: str, per_second: float | None, burst: int | None = None) -> None:
        return None


class RecordedBody(httpx.AsyncByteStream):
    def __init__(self, log: list[str]) -> None:
        self.log = log

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self.log.append("body read")
        yield b'{"errorMessages": ["Rate limit exceeded."]}'


async def test_the_site_is_paused_before_the_throttled_body_is_read() -> None:
    log: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "3", "Content-Type": "application/json"},
                              stream=RecordedBody(log))

    async def no_sleep(seconds: float) -> None:
        return None

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        client = JiraClient(BASE, JiraCredentials(auth="basic", user="a@example.com", token="t"), http,
                            governor=OrderedGovernor(log), deployment="cloud", max_attempts=1, sleep=no_sleep,
                            stats=RequestStats())
        with pytest.raises(JiraRetryableError) as raised:
            await client.myself()
    assert raised.value.status == 429
    assert log == ["acquire", "pause 3", "body read"]
