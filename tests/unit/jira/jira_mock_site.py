"""Test doubles for the Jira client unit tests: a recording rate governor, a MockTransport client."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from jiraex_shared.jira import JiraClient, JiraCredentials, RequestStats

FIXTURES = Path(__file__).parent / "fixtures"
TOKEN = "s3cr3t-api-token-value"
CREDENTIALS = JiraCredentials(auth="basic", user="robot@example.com", token=TOKEN)
CLOUD_URL = "https://acme.atlassian.net"
SERVER_URL = "https://jira.example.org/jira"

Handler = Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]]
SyncHandler = Callable[[httpx.Request], httpx.Response]


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class RecordingGovernor:
    """A RateGovernor that never waits and remembers what it was asked, in order."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, float | None]] = []

    async def acquire(self, site: str) -> None:
        self.events.append(("acquire", site, None))

    async def pause(self, site: str, seconds: float) -> None:
        self.events.append(("pause", site, seconds))

    async def set_rate(self, site: str, per_second: float | None, burst: int | None = None) -> None:
        self.events.append(("set_rate", site, per_second))

    @property
    def acquires(self) -> int:
        return sum(1 for event in self.events if event[0] == "acquire")

    @property
    def pauses(self) -> list[float]:
        return [event[2] for event in self.events if event[0] == "pause" and event[2] is not None]


@dataclass
class Sleeps:
    calls: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def backoff(retry: int) -> float:
    """Deterministic stand-in for the jittered backoff: 0.1, 0.2, 0.3 … seconds."""
    return round(0.1 * (retry + 1), 3)


@dataclass
class Site:
    client: JiraClient
    governor: RecordingGovernor
    sleeps: Sleeps
    stats: RequestStats
    requests: list[httpx.Request]


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"Content-Type": "application/json;charset=UTF-8", **(headers or {})},
    )


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content)


@asynccontextmanager
async def mock_site(
    handler: Handler,
    *,
    deployment: str | None = "cloud",
    base_url: str = CLOUD_URL,
    credentials: JiraCredentials = CREDENTIALS,
    http_headers: dict[str, str] | None = None,
    **options: Any,
) -> AsyncIterator[Site]:
    requests: list[httpx.Request] = []

    async def record(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        answer = handler(request)
        if not isinstance(answer, httpx.Response):
            answer = await answer
        return answer

    governor, sleeps, stats = RecordingGovernor(), Sleeps(), RequestStats()
    async with httpx.AsyncClient(transport=httpx.MockTransport(record), headers=http_headers) as http:
        client = JiraClient(
            base_url,
            credentials,
            http,
            governor=governor,
            stats=stats,
            deployment=deployment,  # type: ignore[arg-type]
            backoff=backoff,
            sleep=sleeps,
            **options,
        )
        yield Site(client, governor, sleeps, stats, requests)
