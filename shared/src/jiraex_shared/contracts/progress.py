"""Progress-stream entries: what a job reports while it runs, read back by the API's SSE endpoint.

One entry is appended to the Redis stream ``job:{job_id}`` (or its in-memory twin) per event, its
body the msgspec JSON of one of the Structs below under the field ``PROGRESS_STREAM_FIELD``.

Terminal entries are not mirrored: the stream reuses the broker's ``JobSucceeded``,
``JobSucceededWithWarnings``, ``JobFailed`` and ``JobCancelled`` as they are, so a job's outcome
has one shape whether it is read from RabbitMQ, Redis or an SSE connection, and the worker builds
it once and sends the same Struct to both. ``job.error`` is a *recoverable* error (a chunk will be
retried); a job that cannot go on ends with ``job.failed``. ``job.snapshot`` is never appended to
the stream: the API builds it from PostgreSQL and sends it first on every SSE connection, and again
when the stream lost entries the client had not seen.
"""

from typing import Annotated, Literal

import msgspec

from jiraex_shared.contracts.base import Count, Identifier, Message, UtcDateTime
from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.contracts.events import (
    ErrorMessage,
    JobCancelled,
    JobFailed,
    JobSucceeded,
    JobSucceededWithWarnings,
)

JobState = Literal[
    "queued",
    "planning",
    "running",
    "assembling",
    "succeeded",
    "succeeded_with_warnings",
    "failed",
    "cancelled",
]
TERMINAL_STATES: frozenset[JobState] = frozenset(
    {"succeeded", "succeeded_with_warnings", "failed", "cancelled"}
)
JobPhase = Literal["planning", "extracting", "assembling"]

PROGRESS_STREAM_FIELD = "event"
NonNegativeFloat = Annotated[float, msgspec.Meta(ge=0)]


def progress_stream_key(job_id: str) -> str:
    """Return the name of the stream holding ``job_id``'s progress entries."""
    return f"job:{job_id}"


class JobStateChanged(Message, frozen=True, kw_only=True, tag="job.state_changed"):
    """The job row moved from ``previous_state`` (None on creation) to ``state``."""

    job_id: Identifier
    state: JobState
    previous_state: JobState | None = None


class JobProgressed(Message, frozen=True, kw_only=True, tag="job.progressed"):
    """Counts so far, throttled to at most ten entries a second per job.

    ``chunks_total`` is None while enumeration is still discovering issues. ``requests``,
    ``retries`` and the rate-limit numbers are Jira HTTP figures, so the UI can tell "slow because
    Jira throttles us" from "slow because there is a lot".
    """

    job_id: Identifier
    phase: JobPhase
    counts: ExportCounts = ExportCounts()
    chunks_total: Count | None = None
    chunks_done: Count = 0
    requests: Count = 0
    retries: Count = 0
    rate_limit_waits: Count = 0
    rate_limit_wait_seconds: NonNegativeFloat = 0.0


class JobWarning(Message, frozen=True, kw_only=True, tag="job.warning"):
    """Something the receipt will list as a gap, e.g. an attachment Jira would not serve."""

    job_id: Identifier
    code: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    message: ErrorMessage
    issue_key: Annotated[str, msgspec.Meta(max_length=255)] | None = None


class JobFileStored(Message, frozen=True, kw_only=True, tag="job.file_stored"):
    """One export file was written; ``path`` is relative to the job's folder."""

    job_id: Identifier
    path: Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
    size: Count
    sha256: Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]
    content_type: Annotated[str, msgspec.Meta(min_length=1, max_length=255)]


class JobError(Message, frozen=True, kw_only=True, tag="job.error"):
    """A recoverable error: the work it names will be retried, the job goes on."""

    job_id: Identifier
    message: ErrorMessage
    kind: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    retryable: bool = True
    chunk_index: Count | None = None


class JobSnapshot(Message, frozen=True, kw_only=True, tag="job.snapshot"):
    """The job as PostgreSQL knows it, sent before replaying or following the stream."""

    job_id: Identifier
    state: JobState
    export_name: Annotated[str, msgspec.Meta(max_length=255)]
    counts: ExportCounts = ExportCounts()
    warnings: Count = 0
    error_message: ErrorMessage | None = None
    started_at: UtcDateTime | None = None
    finished_at: UtcDateTime | None = None


ProgressEvent = (
    JobStateChanged
    | JobProgressed
    | JobWarning
    | JobFileStored
    | JobError
    | JobSnapshot
    | JobSucceeded
    | JobSucceededWithWarnings
    | JobFailed
    | JobCancelled
)
