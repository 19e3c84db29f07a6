"""Moving a job between states: only the moves ``job_states`` allows, fenced by the claim's epoch when given."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

import msgspec
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.db.jobs import TERMINAL_JOB_STATES, Job
from jiraex_shared.db.repositories.clock import resolve_now
from jiraex_shared.db.repositories.fencing import record_rejection, updated_rows
from jiraex_shared.db.repositories.job_states import sources_of

# Job columns a caller may overwrite with final figures (e.g. the assembled receipt's counts).
JOB_COUNTER_COLUMNS: Final = frozenset(
    {
        "issues_expected", "issues_exported", "comments", "histories", "worklogs", "attachments",
        "attachment_bytes", "requests", "rate_limited",
    }
)


async def set_state(
    session: AsyncSession,
    job_id: uuid.UUID,
    epoch: int | None,
    state: str,
    *,
    error_kind: str | None = None,
    error_message: str | None = None,
    receipt: dict[str, Any] | None = None,
    counters: ExportCounts | Mapping[str, int] | None = None,
    now: datetime | None = None,
) -> bool:
    """Move the job to ``state``; True only for the caller whose UPDATE made the move.

    The WHERE clause admits only the states allowed to precede ``state`` (plus ``epoch`` when given), so of
    two racing callers (say a cancel and a failure) exactly one wins, a finished job never changes again,
    and a worker whose claim was taken over cannot move it. A terminal state clears the lease and stamps
    ``finished_at``. Raises ``InvalidTransition`` for a state nothing may move to (e.g. ``queued``).
    """
    sources = sources_of(state)
    now = resolve_now(now)
    values: dict[str, Any] = {"state": state, "updated_at": now, **_counter_values(counters)}
    if state in TERMINAL_JOB_STATES:
        values.update(finished_at=now, lease_owner=None, lease_until=None)
    if error_kind is not None or error_message is not None:
        values.update(error_kind=error_kind, error_message=error_message)
    if receipt is not None:
        values["receipt"] = receipt
    conditions = [Job.id == job_id, Job.state.in_(sources)]
    if epoch is not None:
        conditions.append(Job.epoch == epoch)
    statement = update(Job).where(*conditions).values(values).execution_options(synchronize_session=False)
    moved = await updated_rows(session, statement) == 1
    if not moved and epoch is not None:
        record_rejection("set_state", job_id=str(job_id), epoch=epoch, state=state)
    return moved


def _counter_values(counters: ExportCounts | Mapping[str, int] | None) -> dict[str, int]:
    if counters is None:
        return {}
    values = msgspec.to_builtins(counters) if isinstance(counters, ExportCounts) else dict(counters)
    unknown = set(values) - JOB_COUNTER_COLUMNS
    if unknown:
        raise ValueError(f"not job counters: {', '.join(sorted(unknown))}")
    return values
