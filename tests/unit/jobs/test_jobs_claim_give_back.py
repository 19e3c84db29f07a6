"""`lease.give_back`: a failed step's claim release is retried while the database is unreachable, within the lease."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import SimpleNamespace

import pytest
from structlog.testing import capture_logs

from jiraex_shared.jobs import lease
from jiraex_shared.jobs.lease import give_back


class FlakyDatabase:
    """A session factory whose first ``failures`` sessions fail to connect, as a stopped server does."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures, self.error, self.sessions_opened = failures, error, 0

    @asynccontextmanager
    async def session(self) -> AsyncIterator["FlakyDatabase"]:
        self.sessions_opened += 1
        if self.sessions_opened <= self.failures:
            raise self.error
        yield self

    def begin(self) -> "FlakyDatabase":
        return self

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *_: object) -> None:
        return None

    def __call__(self) -> object:  # called like async_sessionmaker()
        return self.session()


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lease, "RELEASE_RETRY_FIRST_SECONDS", 0.001)
    monkeypatch.setattr(lease, "RELEASE_RETRY_MAX_SECONDS", 0.002)


async def test_the_release_is_retried_until_the_database_answers() -> None:
    database = FlakyDatabase(3, ConnectionRefusedError(111, "Connect call failed"))
    released = []

    async def release(session: object) -> None:
        released.append(session)

    with capture_logs() as logs:
        await give_back(SimpleNamespace(sessions=database, lease_seconds=30), release, "chunk_release_failed", chunk=4)
    assert len(released) == 1
    assert [entry["event"] for entry in logs] == ["claim_release_retry"] * 3
    assert logs[0]["chunk"] == 4


async def test_a_non_transient_failure_is_logged_and_left_to_the_lease() -> None:
    database = FlakyDatabase(1, ValueError("a bug"))

    async def release(session: object) -> None:
        raise AssertionError("never reached")

    with capture_logs() as logs:
        await give_back(SimpleNamespace(sessions=database, lease_seconds=30), release, "lease_release_failed")
    assert database.sessions_opened == 1
    assert [(entry["event"], entry["error"]) for entry in logs] == [("lease_release_failed", "a bug")]


async def test_retrying_stops_when_the_lease_would_have_run_out_anyway() -> None:
    database = FlakyDatabase(1_000_000, ConnectionRefusedError(111, "Connect call failed"))

    async def release(session: object) -> None:
        raise AssertionError("never reached")

    with capture_logs() as logs:
        await give_back(SimpleNamespace(sessions=database, lease_seconds=0.05), release, "lease_release_failed")
    assert logs[-1]["event"] == "lease_release_failed"
    assert 1 < database.sessions_opened < 1_000
