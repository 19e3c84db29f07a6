"""Job rows turned into the API's DTOs, and the opaque keyset cursor of the job list."""

import base64
import binascii
import uuid
from datetime import datetime
from typing import Any

import msgspec

from jiraex_api.schemas.jobs import FileOut, JobDetail, JobOut
from jiraex_api.services.errors import InvalidInput
from jiraex_shared.db import Job
from jiraex_shared.jobs.outcomes import job_counts


def job_summary(job: Job) -> JobOut:
    return JobOut(**_summary_fields(job))


def job_detail(job: Job, files: list[Any]) -> JobDetail:
    return JobDetail(
        **_summary_fields(job), spec=job.spec, receipt=job.receipt, requests=job.requests,
        rate_limited=job.rate_limited, files=[FileOut.of(row) for row in files],
    )


def _summary_fields(job: Job) -> dict[str, Any]:
    return {
        "id": job.id, "name": job.name, "state": job.state, "counts": job_counts(job), "owner_id": job.owner_id,
        "connection_id": job.connection_id, "folder_id": job.folder_id, "schedule_id": job.schedule_id,
        "cancel_requested": job.cancel_requested, "chunks_total": job.chunks_total, "chunks_done": job.chunks_done,
        "error_kind": job.error_kind, "error_message": job.error_message, "created_at": job.created_at,
        "started_at": job.started_at, "finished_at": job.finished_at,
    }


class _Cursor(msgspec.Struct, array_like=True, frozen=True):
    created_at: datetime
    id: uuid.UUID


def encode_cursor(job: Job) -> str:
    """Opaque to clients: the (created_at, id) of the last job of a page, base64url without padding."""
    raw = msgspec.json.encode(_Cursor(job.created_at, job.id))
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        decoded = msgspec.json.decode(raw, type=_Cursor)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise InvalidInput("cursor is not a value this API handed out; start again without it") from None
    return decoded.created_at, decoded.id
