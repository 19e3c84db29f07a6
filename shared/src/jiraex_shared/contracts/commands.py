"""Export commands: a request for an export, and the worker's own chunk and assembly steps."""

from typing import Annotated, Literal

import msgspec

from jiraex_shared.contracts.base import Count, Identifier, Message

ExportFormat = Literal["json", "ndjson", "csv", "xml", "html"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "ndjson", "csv", "xml", "html")

# Generous caps: they bound what an untrusted publisher can make a worker hold, not real usage.
Jql = Annotated[str, msgspec.Meta(min_length=1, max_length=65_536)]
FieldId = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
ExportName = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
IdempotencyKey = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]


class ExportInclude(msgspec.Struct, frozen=True, kw_only=True):
    """Which parts of each issue to extract besides its fields; everything by default."""

    comments: bool = True
    changelog: bool = True
    worklogs: bool = True
    attachments: bool = True


class ExportRequested(Message, frozen=True, kw_only=True, tag="export.requested"):
    """Run an export of ``jql`` on a stored connection.

    ``job_id`` is set when the API created the job row before publishing; another system that
    publishes straight onto the broker leaves it out and the worker creates the job (deduplicated
    by ``idempotency_key`` when given). Credentials never travel on the bus: the connection is
    named by id and the worker checks it belongs to ``requested_by``. ``name`` is free text; the
    storage layer derives its own safe path segment from it. ``fields=None`` means every field.
    """

    connection_id: Identifier
    jql: Jql
    formats: Annotated[tuple[ExportFormat, ...], msgspec.Meta(min_length=1, max_length=len(EXPORT_FORMATS))]
    job_id: Identifier | None = None
    include: ExportInclude = ExportInclude()
    fields: Annotated[tuple[FieldId, ...], msgspec.Meta(max_length=10_000)] | None = None
    archive: bool = False
    name: ExportName | None = None
    folder_id: Identifier | None = None
    requested_by: Identifier | None = None
    idempotency_key: IdempotencyKey | None = None
    schedule_id: Identifier | None = None

    def __post_init__(self) -> None:
        # Accept lists from Python callers so equality with a decoded message (tuples) holds.
        if not isinstance(self.formats, tuple):
            msgspec.structs.force_setattr(self, "formats", tuple(self.formats))
        if self.fields is not None and not isinstance(self.fields, tuple):
            msgspec.structs.force_setattr(self, "fields", tuple(self.fields))
        unknown = sorted(set(self.formats) - set(EXPORT_FORMATS))
        if unknown:
            raise ValueError(f"unknown formats {unknown}; expected some of {list(EXPORT_FORMATS)}")
        if len(set(self.formats)) != len(self.formats):
            raise ValueError(f"formats must not repeat a format: {list(self.formats)}")


class ExtractChunk(Message, frozen=True, kw_only=True, tag="export.chunk"):
    """Extract chunk ``chunk_index`` of a planned job.

    The chunk's issue ids live in the ``job_chunks`` row, not in the message, and the message
    carries no fencing epoch: the worker claims the chunk row itself, so a duplicate or late
    delivery is dropped by that claim and handling it twice is harmless.
    """

    job_id: Identifier
    chunk_index: Count


class AssembleExport(Message, frozen=True, kw_only=True, tag="export.assemble"):
    """Assemble a job whose chunks are all done into its formats, manifest and archive."""

    job_id: Identifier
