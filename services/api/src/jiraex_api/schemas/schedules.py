"""Schedules as the API takes and shows them: when (cron or interval, time zone), what (an export spec), who hears."""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from jiraex_api.schemas.exports import FieldIds, Formats, Jql
from jiraex_api.schemas.users import Email
from jiraex_shared.contracts.commands import EXPORT_FORMATS, ExportInclude
from jiraex_shared.db.schedules import Schedule

ScheduleName = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Cron = Annotated[str, msgspec.Meta(min_length=1, max_length=128, examples=["30 2 * * 1-5", "@daily"])]
# The scheduler ticks every 30 s: a shorter interval could not be kept anyway.
IntervalSeconds = Annotated[int, msgspec.Meta(ge=60, le=366 * 86_400)]
TimeZone = Annotated[str, msgspec.Meta(min_length=1, max_length=64, examples=["Europe/Berlin"])]
LookbackSeconds = Annotated[int, msgspec.Meta(ge=0, le=30 * 86_400)]
CatchUp = Literal["none", "latest", "all"]
Recipients = Annotated[list[Email], msgspec.Meta(max_length=50)]


class ScheduleExport(msgspec.Struct, frozen=True, kw_only=True):
    """What each run exports: the fields of ``POST /api/export`` that describe the export (runs take the
    schedule's name, connection and folder)."""

    jql: Jql
    formats: Formats = msgspec.field(default_factory=lambda: list(EXPORT_FORMATS))
    include: ExportInclude = ExportInclude()
    fields: FieldIds | None = None
    archive: bool = False
    csv_bom: bool = False


class ScheduleCreate(msgspec.Struct, frozen=True, kw_only=True):
    """Exactly one of ``cron`` (five fields, wall time in ``timezone``) and ``interval_seconds``."""

    name: ScheduleName
    connection_id: uuid.UUID
    export: ScheduleExport
    cron: Cron | None = None
    interval_seconds: IntervalSeconds | None = None
    timezone: TimeZone = "UTC"
    folder_id: uuid.UUID | None = None
    enabled: bool = True
    incremental: bool = False
    lookback_seconds: LookbackSeconds = 0
    catch_up: CatchUp = "latest"
    recipients: Recipients = msgspec.field(default_factory=list)


class SchedulePatch(msgspec.Struct, frozen=True, kw_only=True):
    """Fields left out (or null) stay as they are. Giving ``cron`` drops the interval and vice versa;
    ``enabled: true`` also clears a pause (fresh failure count, next slot after now); ``clear_folder: true`` puts
    the schedule's future jobs back outside any folder (null cannot say it: null means "unchanged")."""

    name: ScheduleName | None = None
    export: ScheduleExport | None = None
    cron: Cron | None = None
    interval_seconds: IntervalSeconds | None = None
    timezone: TimeZone | None = None
    folder_id: uuid.UUID | None = None
    clear_folder: bool = False
    enabled: bool | None = None
    incremental: bool | None = None
    lookback_seconds: LookbackSeconds | None = None
    catch_up: CatchUp | None = None
    recipients: Recipients | None = None


class ScheduleOut(msgspec.Struct, frozen=True, kw_only=True):
    """``paused_reason`` is set when the scheduler stopped the schedule after repeated failures."""

    id: uuid.UUID
    name: str
    owner_id: uuid.UUID
    connection_id: uuid.UUID
    folder_id: uuid.UUID | None
    cron: str | None
    interval_seconds: int | None
    timezone: str
    export: dict[str, Any]
    enabled: bool
    incremental: bool
    lookback_seconds: int
    catch_up: str
    recipients: list[str]
    next_run_at: datetime | None
    last_run_at: datetime | None
    consecutive_failures: int
    paused_reason: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: Schedule) -> "ScheduleOut":
        return cls(
            id=row.id, name=row.name, owner_id=row.owner_id, connection_id=row.connection_id, folder_id=row.folder_id,
            cron=row.cron, interval_seconds=row.interval_seconds, timezone=row.timezone, export=dict(row.spec),
            enabled=row.enabled, incremental=row.incremental, lookback_seconds=row.lookback_seconds,
            catch_up=row.catch_up, recipients=[str(item) for item in row.recipients], next_run_at=row.next_run_at,
            last_run_at=row.last_run_at, consecutive_failures=row.consecutive_failures,
            paused_reason=row.paused_reason, created_at=row.created_at, updated_at=row.updated_at,
        )
