"""Jobs as the API shows them: summaries in a page, the detail with its receipt and files, stored events."""

import uuid
from datetime import datetime
from typing import Any

import msgspec

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.contracts.progress import JobState


class FileOut(msgspec.Struct, frozen=True, kw_only=True):
    """One output file; ``path`` is relative to the job's folder and is what the download route takes."""

    path: str
    size: int
    sha256: str
    content_type: str

    @classmethod
    def of(cls, row: Any) -> "FileOut":
        return cls(path=row.path, size=row.size, sha256=row.sha256, content_type=row.content_type)


class JobOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    name: str
    state: JobState
    counts: ExportCounts
    owner_id: uuid.UUID | None
    connection_id: uuid.UUID | None
    folder_id: uuid.UUID | None
    schedule_id: uuid.UUID | None
    cancel_requested: bool
    chunks_total: int | None
    chunks_done: int
    error_kind: str | None
    error_message: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class JobDetail(JobOut, frozen=True, kw_only=True):
    """The summary plus what was asked (``spec``), the completeness receipt and the files."""

    spec: dict[str, Any]
    receipt: dict[str, Any] | None
    requests: int
    rate_limited: int
    files: list[FileOut]


class JobPage(msgspec.Struct, frozen=True, kw_only=True):
    """Newest first; pass ``next_cursor`` back as ``cursor`` for the next page (null: no more)."""

    items: list[JobOut]
    next_cursor: str | None = None


class JobEventOut(msgspec.Struct, frozen=True, kw_only=True):
    """A stored event: ``id`` orders the job's history (use it as ``after``), ``stream_id`` is its SSE id."""

    id: int
    stream_id: str | None
    type: str
    data: dict[str, Any]


class JobEventPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[JobEventOut]
    next_after: int | None = None
