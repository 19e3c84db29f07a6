"""Domain events: how a job ended, published on the events exchange for the notifier and others."""

from typing import Annotated

import msgspec

from jiraex_shared.contracts.base import Count, Identifier, Message, UtcDateTime, utc_now
from jiraex_shared.contracts.counts import ExportCounts

# Error kinds the worker uses today. The field is an open string rather than a Literal so that a
# newer worker adding a kind cannot make an older notifier dead-letter the event.
ERROR_KINDS: tuple[str, ...] = (
    "invalid_request",  # the command was well-formed but unusable (unknown connection, not yours)
    "jira_bad_request",  # Jira rejected the query (bad JQL): its own message is the error
    "jira_auth",  # 401: the stored credential no longer works
    "jira_forbidden",  # 403
    "jira_not_found",  # 404 on the site itself
    "jira_unavailable",  # retries exhausted on 429/5xx/timeouts
    "storage",  # the artifact store refused a write
    "internal",  # a bug: anything not classified above
)

ErrorMessage = Annotated[str, msgspec.Meta(max_length=8_192)]


class JobFinished(Message, frozen=True, kw_only=True):
    """Fields every terminal job event carries; not sent by itself (it has no tag in any union).

    ``started_at`` is None when the job never left ``queued`` (cancelled before a worker took it).
    """

    job_id: Identifier
    export_name: Annotated[str, msgspec.Meta(max_length=255)]
    owner_id: Identifier | None = None
    schedule_id: Identifier | None = None
    counts: ExportCounts = ExportCounts()
    started_at: UtcDateTime | None = None
    finished_at: UtcDateTime = msgspec.field(default_factory=utc_now)
    warnings: Count = 0


class JobSucceeded(JobFinished, frozen=True, kw_only=True, tag="job.succeeded"):
    """The export is complete: every expected issue was exported and every file stored."""


class JobSucceededWithWarnings(JobFinished, frozen=True, kw_only=True, tag="job.succeeded_with_warnings"):
    """The export finished but its receipt shows gaps; ``warning_messages`` holds the first few."""

    warning_messages: Annotated[tuple[ErrorMessage, ...], msgspec.Meta(max_length=100)] = ()


class JobFailed(JobFinished, frozen=True, kw_only=True, tag="job.failed"):
    """The export stopped for good.

    ``error_message`` is shown to the user as is (Jira's own text for a bad JQL); ``error_kind``
    is one of ``ERROR_KINDS`` for a producer of this version.
    """

    error_message: ErrorMessage
    error_kind: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class JobCancelled(JobFinished, frozen=True, kw_only=True, tag="job.cancelled"):
    """A user cancelled the export; its partial files were deleted."""

    cancelled_by: Identifier | None = None


JobEvent = JobSucceeded | JobSucceededWithWarnings | JobFailed | JobCancelled
