"""The settle policy: which failures are retried, how long to pause, what a dead letter says."""

import itertools

import asyncpg
import pytest
import redis.exceptions
import sqlalchemy.exc

from jiraex_shared.bus import describe_failure, is_transient, outcome_for, requeue_delay
from jiraex_shared.bus.delivery_policy import BACKOFF_MAX_SECONDS, MAX_ERROR_TEXT
from jiraex_shared.jira import JiraBadRequest, JiraRetryableError
from jiraex_shared.storage.errors import StorageError


class _SqlState(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    "error",
    [
        JiraRetryableError("rate limited", status=429, where="GET /rest/api/3/search"),
        ConnectionResetError("reset by peer"),
        TimeoutError(),
        redis.exceptions.ConnectionError("Connection refused"),
        redis.exceptions.BusyLoadingError("loading"),
        sqlalchemy.exc.OperationalError("SELECT 1", {}, Exception("server closed the connection")),
        sqlalchemy.exc.TimeoutError("QueuePool limit reached"),
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        _SqlState("57P01"),  # admin_shutdown: PostgreSQL restarting
        _SqlState("08006"),  # connection_failure
        _SqlState("40001"),  # serialization_failure
    ],
    ids=repr,
)
def test_transient_failures_are_requeued(error: BaseException) -> None:
    assert is_transient(error)
    assert outcome_for(error) == "requeue"


@pytest.mark.parametrize(
    "error",
    [
        JiraBadRequest("The value 'NOPE' does not exist for the field 'project'.", status=400, where="POST /search"),
        ValueError("a bug"),
        KeyError("missing"),
        sqlalchemy.exc.IntegrityError("INSERT", {}, Exception("duplicate key")),
        _SqlState("23505"),  # unique_violation
        StorageError("bucket refused the key"),
    ],
    ids=repr,
)
def test_other_failures_are_dead_lettered(error: BaseException) -> None:
    assert not is_transient(error)
    assert outcome_for(error) == "dead_letter"


def test_a_wrapped_transient_cause_counts() -> None:
    wrapped = StorageError("could not append progress")
    wrapped.__cause__ = redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379")
    assert outcome_for(wrapped) == "requeue"


def test_a_dbapi_error_with_an_invalidated_connection_is_transient() -> None:
    error = sqlalchemy.exc.DBAPIError("SELECT 1", {}, Exception("gone"), connection_invalidated=True)
    assert is_transient(error)


def test_a_self_referencing_chain_terminates() -> None:
    error = ValueError("loop")
    error.__context__ = error
    assert not is_transient(error)


def test_requeue_delay_doubles_and_is_capped() -> None:
    delays = [requeue_delay(count) for count in range(8)]
    assert delays[:4] == [0.5, 1.0, 2.0, 4.0]
    assert all(later >= earlier for earlier, later in itertools.pairwise(delays))
    assert max(delays) == BACKOFF_MAX_SECONDS
    assert requeue_delay(-3) == 0.5


def test_describe_failure_names_the_type_and_is_bounded() -> None:
    assert describe_failure(RuntimeError("chunk 3 exploded")) == "RuntimeError: chunk 3 exploded"
    assert describe_failure(KeyError()) == "KeyError"
    text = describe_failure(ValueError("x" * 10_000))
    assert len(text) == MAX_ERROR_TEXT
    assert text.startswith("ValueError: xxx") and text.endswith("…")
