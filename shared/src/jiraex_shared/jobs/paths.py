"""Where a job's intermediate and final files live in the artifact store."""

import uuid

WORK_PREFIX = "work"


def work_prefix(job_id: uuid.UUID) -> str:
    """Intermediate chunk parts, deleted once the export is assembled (or cancelled)."""
    return f"{WORK_PREFIX}/{job_id}/"


def part_key(job_id: uuid.UUID, seq: int) -> str:
    return f"{work_prefix(job_id)}parts/{seq:08d}.ndjson"
