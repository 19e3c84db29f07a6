"""Which runs a due schedule launches now, by its catch-up policy, and when it is due next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from typing import Literal, get_args

from jiraex_shared.scheduling.timing import ScheduleTiming, iter_slots_backward, next_slot_after

CatchUp = Literal["none", "latest", "all"]
CATCH_UP_POLICIES: tuple[str, ...] = get_args(CatchUp)
# "all" after a long outage launches at most this many runs (the most recent ones); older slots are skipped.
MAX_CATCH_UP_RUNS = 100


@dataclass(frozen=True, slots=True)
class DueRuns:
    """The planned times to launch now (oldest first) and the schedule's next ``next_run_at``."""

    runs: tuple[datetime, ...]
    next_run_at: datetime


def due_runs(
    timing: ScheduleTiming, next_run_at: datetime, now: datetime, policy: str, *, grace: timedelta
) -> DueRuns:
    """Plan a schedule whose first pending slot is ``next_run_at``, seen by a tick at ``now``.

    A slot is *missed* when the tick comes more than ``grace`` after it (the scheduler was down). On time,
    every policy launches the slot. Missed: ``latest`` launches only the most recent slot, ``none`` launches
    nothing, ``all`` launches each missed slot (at most ``MAX_CATCH_UP_RUNS``, the most recent). Either
    way the next ``next_run_at`` is the first slot after ``now``, so nothing is launched twice.
    """
    if policy not in CATCH_UP_POLICIES:
        raise ValueError(f"unknown catch-up policy {policy!r}; expected one of {list(CATCH_UP_POLICIES)}")
    if next_run_at > now:
        return DueRuns((), next_run_at)
    following = next_slot_after(timing, now)
    if policy == "all":
        recent = [slot for slot in islice(iter_slots_backward(timing, now), MAX_CATCH_UP_RUNS) if slot >= next_run_at]
        if len(recent) < MAX_CATCH_UP_RUNS and next_run_at not in recent:
            # next_run_at is the first pending slot even when the timing changed after it was computed.
            recent.append(next_run_at)
        return DueRuns(tuple(sorted(recent)), following)
    latest = next(iter_slots_backward(timing, now), None)
    run = latest if latest is not None and latest >= next_run_at else next_run_at
    if policy == "none" and now - run > grace:
        return DueRuns((), following)
    return DueRuns((run,), following)
