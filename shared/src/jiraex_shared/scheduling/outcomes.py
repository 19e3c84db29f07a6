"""Counting finished runs into a schedule: the failure streak, the incremental cut-off, and when to pause."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from jiraex_shared.db.jobs import TERMINAL_JOB_STATES


@dataclass(frozen=True, slots=True)
class FinishedRun:
    """One run of a schedule as its job row has it now (``state`` may still be live)."""

    planned_run_at: datetime
    state: str
    error_message: str | None = None


@dataclass(frozen=True, slots=True)
class RunTally:
    """What a schedule knows of its runs.

    ``counted_until`` is the planned time of the newest run already counted (the schedule's ``last_run_at``):
    runs are counted once, in planned order, so a replica or a restart never counts one twice.
    """

    counted_until: datetime | None
    consecutive_failures: int
    last_success_started_at: datetime | None
    last_error: str | None = None


def count_runs(tally: RunTally, runs: Iterable[FinishedRun]) -> RunTally:
    """Fold ``runs`` (planned order, all after ``counted_until``) into ``tally``, stopping at the first live one.

    Stopping there keeps the count in planned order even when a later run finishes first. ``succeeded``
    moves the incremental cut-off to that run's planned time and ends a failure streak;
    ``succeeded_with_warnings`` ends the streak but leaves the cut-off, since its receipt shows issues it did
    not export and the next incremental run must cover them again; ``failed`` extends the streak;
    ``cancelled`` (a person's decision) changes neither.
    """
    for run in runs:
        if run.state not in TERMINAL_JOB_STATES:
            break
        if run.state == "succeeded":
            tally = replace(tally, consecutive_failures=0, last_success_started_at=run.planned_run_at)
        elif run.state == "succeeded_with_warnings":
            tally = replace(tally, consecutive_failures=0)
        elif run.state == "failed":
            tally = replace(tally, consecutive_failures=tally.consecutive_failures + 1, last_error=run.error_message)
        tally = replace(tally, counted_until=run.planned_run_at)
    return tally


def pause_reason(tally: RunTally, failure_limit: int) -> str | None:
    """Why the schedule must pause now, or None while its failure streak is below ``failure_limit``."""
    if tally.consecutive_failures < failure_limit:
        return None
    reason = f"paused after {tally.consecutive_failures} failed runs in a row"
    return f"{reason}; last error: {tally.last_error}" if tally.last_error else reason
