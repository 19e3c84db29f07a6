"""What a consumer does with a command whose handler failed: the one place the retry policy lives.

Every consumer of a command — the worker's RabbitMQ subscribers and the in-process bus of the embedded
mode — settles each delivery the same way:

* the handler returned: **ack**;
* the body is not a valid contract message (``ContractError``): **dead-letter at once** with the error
  text in the ``x-jiraex-error`` header; retrying cannot make bad bytes valid;
* the handler raised a *transient* error — ``JiraRetryableError`` (Jira kept failing after the client's
  own retries) or a lost connection to PostgreSQL, Redis, S3 or RabbitMQ: **requeue** after a short,
  growing pause, so the work is retried by whichever worker takes it next. Requeues are bounded by the
  quorum queue's ``x-delivery-limit`` (``contracts.DELIVERY_LIMIT``); past it RabbitMQ dead-letters the
  message itself. The pause keeps a dead dependency from turning into a hot redelivery loop;
* the handler raised anything else: a bug or an unclassified failure. **Log it with its traceback and
  dead-letter it** (header ``x-jiraex-error`` = exception type and text) for a human to inspect.
  Permanent *job* failures (bad JQL, revoked credential) never get here: the job steps record them as a
  failed job and return normally, so the message is acked.
"""

from collections.abc import Iterator
from typing import Literal

import asyncpg
import botocore.exceptions
import redis.exceptions
import sqlalchemy.exc
from aiormq.exceptions import AMQPConnectionError, ChannelInvalidStateError

from jiraex_shared.jira.errors import JiraRetryableError

Outcome = Literal["requeue", "dead_letter"]

# The header a dead-lettered message carries, holding why it was dead-lettered.
ERROR_HEADER = "x-jiraex-error"
# RabbitMQ header values are unbounded but operators read them in a console: keep the first few KB.
MAX_ERROR_TEXT = 4_096

_TRANSIENT_TYPES: tuple[type[BaseException], ...] = (
    JiraRetryableError,
    ConnectionError,  # OSError family: refused, reset, aborted, broken pipe
    TimeoutError,  # also asyncio.TimeoutError on Python 3.11
    redis.exceptions.ConnectionError,  # includes BusyLoadingError while Redis restarts
    redis.exceptions.TimeoutError,
    sqlalchemy.exc.OperationalError,  # server gone, "database is locked" on SQLite
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.DisconnectionError,
    sqlalchemy.exc.TimeoutError,  # connection pool exhausted for longer than its timeout
    asyncpg.exceptions.PostgresConnectionError,  # the connection died under a query
    asyncpg.exceptions.CannotConnectNowError,
    botocore.exceptions.HTTPClientError,
    botocore.exceptions.ConnectionError,
    AMQPConnectionError,
    ChannelInvalidStateError,
)
# SQLSTATEs that mean "try again": connection exceptions (class 08), serialization failure, deadlock,
# server shutting down or starting up, too many connections.
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "57P01", "57P02", "57P03", "53300"})

# Pause before a requeue: 0.5 s doubling per previous delivery, at most 15 s. With the delivery limit of
# 5 a message keeps being retried for about half a minute before RabbitMQ dead-letters it.
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_MAX_SECONDS = 15.0


def outcome_for(error: BaseException) -> Outcome:
    """Return how to settle a delivery whose handler raised ``error``."""
    return "requeue" if is_transient(error) else "dead_letter"


def is_transient(error: BaseException) -> bool:
    """Tell whether ``error`` (or an exception it was raised from) is worth retrying later."""
    for cause in _chain(error):
        if isinstance(cause, _TRANSIENT_TYPES):
            return True
        if isinstance(cause, sqlalchemy.exc.DBAPIError) and cause.connection_invalidated:
            return True
        sqlstate = getattr(cause, "sqlstate", None)
        if isinstance(sqlstate, str) and (sqlstate.startswith("08") or sqlstate in _TRANSIENT_SQLSTATES):
            return True
    return False


def requeue_delay(previous_deliveries: int) -> float:
    """Seconds to wait before requeueing a message that was already delivered ``previous_deliveries`` times."""
    return min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, previous_deliveries))


def describe_failure(error: BaseException) -> str:
    """The ``x-jiraex-error`` text for a handler failure: exception type and message, bounded."""
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return bounded_error_text(text)


def bounded_error_text(text: str) -> str:
    return text if len(text) <= MAX_ERROR_TEXT else text[: MAX_ERROR_TEXT - 1] + "…"


def _chain(error: BaseException) -> Iterator[BaseException]:
    # Wrappers (SQLAlchemy around asyncpg, our storage errors around botocore) keep the real cause in
    # __cause__/__context__; follow it, guarding against cycles.
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
