"""Recurring exports: slot computation, catch-up, incremental JQL, the tick, run-now and the retention sweep."""

from jiraex_shared.scheduling.catch_up import CATCH_UP_POLICIES, MAX_CATCH_UP_RUNS, DueRuns, due_runs
from jiraex_shared.scheduling.controls import resume_schedule, run_schedule_now
from jiraex_shared.scheduling.deps import SchedulerDeps
from jiraex_shared.scheduling.incremental import incremental_cutoff, split_order_by, updated_since
from jiraex_shared.scheduling.launch import Launched, launch_due_runs
from jiraex_shared.scheduling.loop import run_scheduler_loop, run_tick
from jiraex_shared.scheduling.outcomes import FinishedRun, RunTally, count_runs, pause_reason
from jiraex_shared.scheduling.retention import sweep_expired_exports
from jiraex_shared.scheduling.run_spec import run_request, run_spec, timing_of
from jiraex_shared.scheduling.tally import count_finished_runs
from jiraex_shared.scheduling.timing import (
    InvalidSchedule,
    ScheduleTiming,
    iter_slots,
    iter_slots_backward,
    latest_slot_at_or_before,
    next_slot_after,
    validate_cron,
    wall_to_instant,
    zone_of,
)

__all__ = [
    "CATCH_UP_POLICIES",
    "MAX_CATCH_UP_RUNS",
    "DueRuns",
    "FinishedRun",
    "InvalidSchedule",
    "Launched",
    "RunTally",
    "ScheduleTiming",
    "SchedulerDeps",
    "count_finished_runs",
    "count_runs",
    "due_runs",
    "incremental_cutoff",
    "iter_slots",
    "iter_slots_backward",
    "latest_slot_at_or_before",
    "launch_due_runs",
    "next_slot_after",
    "pause_reason",
    "resume_schedule",
    "run_request",
    "run_schedule_now",
    "run_scheduler_loop",
    "run_spec",
    "run_tick",
    "split_order_by",
    "sweep_expired_exports",
    "timing_of",
    "updated_since",
    "validate_cron",
    "wall_to_instant",
    "zone_of",
]
