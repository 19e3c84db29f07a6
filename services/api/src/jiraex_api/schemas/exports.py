"""What clients send to launch or preflight an export, and what they get back (ARCHITECTURE §10)."""

import uuid
from typing import Annotated

import msgspec

from jiraex_shared.contracts.commands import EXPORT_FORMATS, ExportFormat, ExportInclude

Jql = Annotated[str, msgspec.Meta(min_length=1, max_length=65_536)]
ExportName = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Formats = Annotated[list[ExportFormat], msgspec.Meta(min_length=1, max_length=len(EXPORT_FORMATS))]
FieldIds = Annotated[list[Annotated[str, msgspec.Meta(min_length=1, max_length=255)]], msgspec.Meta(max_length=10_000)]
# Scoped by the caller's id before it is stored, so the column's 200 characters always suffice.
IdempotencyKey = Annotated[str, msgspec.Meta(min_length=1, max_length=128, pattern=r"^[\x21-\x7e]+$")]


class ExportCreate(msgspec.Struct, frozen=True, kw_only=True):
    """An export to run; ``fields`` null means every field. The idempotency key may also come as a header."""

    connection_id: uuid.UUID
    jql: Jql
    formats: Formats = msgspec.field(default_factory=lambda: list(EXPORT_FORMATS))
    include: ExportInclude = ExportInclude()
    fields: FieldIds | None = None
    archive: bool = False
    name: ExportName = "export"
    folder_id: uuid.UUID | None = None
    csv_bom: bool = False
    idempotency_key: IdempotencyKey | None = None


class ExportAccepted(msgspec.Struct, frozen=True, kw_only=True):
    job_id: uuid.UUID


class PreflightRequest(msgspec.Struct, frozen=True, kw_only=True):
    connection_id: uuid.UUID
    jql: Jql
    include: ExportInclude = ExportInclude()


class PreflightOut(msgspec.Struct, frozen=True, kw_only=True):
    """Jira's verdict on the JQL (its own message when refused) and the estimate of an export's cost."""

    jql_valid: bool
    approximate_count: int | None = None
    estimated_requests: int | None = None
    estimated_seconds: float | None = None
    deployment: str | None = None
    version: str | None = None
    error: str | None = None
