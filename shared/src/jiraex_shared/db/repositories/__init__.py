"""The SQL of the job lifecycle; every function runs in the caller's ``AsyncSession`` transaction."""

from jiraex_shared.db.repositories.chunk_claims import (
    ChunkClaim,
    claim_chunk,
    fail_chunk,
    release_chunk,
    renew_chunk_lease,
)
from jiraex_shared.db.repositories.chunk_completion import ChunkCompletion, complete_chunk
from jiraex_shared.db.repositories.chunk_reads import ChunksNotDone, chunk_ids, chunk_warnings, part_uris
from jiraex_shared.db.repositories.connection_rows import ConnectionNotFound, ConnectionRow, load_connection
from jiraex_shared.db.repositories.fencing import rejected_writes, reset_rejections
from jiraex_shared.db.repositories.job_cancel import is_cancel_requested, request_cancel
from jiraex_shared.db.repositories.job_claims import Claim, claim_job, release_job, renew_lease
from jiraex_shared.db.repositories.job_event_log import StoredJobEvent, add_job_event, job_event_history
from jiraex_shared.db.repositories.job_files import job_files, record_file
from jiraex_shared.db.repositories.job_plan import PlanSaved, load_plan_checkpoint, save_plan_checkpoint
from jiraex_shared.db.repositories.job_records import JobNotFound, create_job, get_job, spec_of
from jiraex_shared.db.repositories.job_states import (
    ALLOWED_TRANSITIONS,
    LIVE_JOB_STATES,
    InvalidTransition,
    can_transition,
)
from jiraex_shared.db.repositories.job_transitions import set_state
from jiraex_shared.db.repositories.reaper_queries import (
    StuckCounts,
    abandoned_jobs,
    expired_chunks,
    note_republished_chunks,
    note_republished_jobs,
    stale_queued_jobs,
    stuck_counts,
    unassembled_jobs,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "LIVE_JOB_STATES",
    "ChunkClaim",
    "ChunkCompletion",
    "ChunksNotDone",
    "Claim",
    "ConnectionNotFound",
    "ConnectionRow",
    "InvalidTransition",
    "JobNotFound",
    "PlanSaved",
    "StoredJobEvent",
    "StuckCounts",
    "abandoned_jobs",
    "add_job_event",
    "can_transition",
    "chunk_ids",
    "chunk_warnings",
    "claim_chunk",
    "claim_job",
    "complete_chunk",
    "create_job",
    "expired_chunks",
    "fail_chunk",
    "get_job",
    "is_cancel_requested",
    "job_event_history",
    "job_files",
    "load_connection",
    "load_plan_checkpoint",
    "note_republished_chunks",
    "note_republished_jobs",
    "part_uris",
    "record_file",
    "rejected_writes",
    "release_chunk",
    "release_job",
    "renew_chunk_lease",
    "renew_lease",
    "request_cancel",
    "reset_rejections",
    "save_plan_checkpoint",
    "set_state",
    "spec_of",
    "stale_queued_jobs",
    "stuck_counts",
    "unassembled_jobs",
]
