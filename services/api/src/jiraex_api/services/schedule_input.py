"""Checks on what a client sends for a schedule, each naming the field it refuses; timing is the scheduler's own."""

from datetime import datetime

import msgspec

from jiraex_api.schemas.schedules import ScheduleExport
from jiraex_api.services.errors import InvalidField, InvalidInput
from jiraex_api.services.exports import check_spec
from jiraex_shared.pipeline.spec import ExportSpec
from jiraex_shared.scheduling.timing import InvalidSchedule, ScheduleTiming, next_slot_after, validate_cron, zone_of


def checked_timing(cron: str | None, interval_seconds: int | None, timezone: str, anchor: datetime) -> ScheduleTiming:
    """The timing the scheduler will use, validated by its own functions; each refusal names its field."""
    if (cron is None) == (interval_seconds is None):
        raise InvalidField("cron", "give exactly one of cron and interval_seconds")
    if cron is not None:
        try:
            validate_cron(cron)
        except InvalidSchedule as error:
            raise InvalidField("cron", str(error)) from None
    try:
        zone_of(timezone)
    except InvalidSchedule as error:
        raise InvalidField("timezone", str(error)) from None
    try:
        return ScheduleTiming(cron=cron, interval_seconds=interval_seconds, timezone=timezone, anchor=anchor)
    except InvalidSchedule as error:
        raise InvalidInput(str(error)) from None


def next_run(timing: ScheduleTiming, now: datetime) -> datetime:
    """The first slot after ``now`` (the scheduler's ``next_slot_after``), or a 422 for a cron that never fires."""
    try:
        return next_slot_after(timing, now)
    except InvalidSchedule as error:
        raise InvalidField("cron", str(error)) from None


def stored_spec(export: ScheduleExport) -> dict[str, object]:
    """The spec column: what ``POST /api/export`` would accept, without a name so each run takes the schedule's."""
    spec = ExportSpec(
        jql=export.jql, formats=tuple(export.formats), include=export.include,
        fields=tuple(export.fields) if export.fields is not None else None, archive=export.archive,
        csv_bom=export.csv_bom,
    )
    check_spec(spec)
    builtins = msgspec.to_builtins(spec)
    builtins.pop("name", None)
    return builtins


def checked_recipients(recipients: list[str]) -> list[str]:
    """Trimmed, each address once (compared without case), in the order given."""
    seen: set[str] = set()
    result = []
    for address in (item.strip() for item in recipients):
        if "\x00" in address:
            raise InvalidField("recipients", f"not an e-mail address: {address!r}")
        if address.lower() not in seen:
            seen.add(address.lower())
            result.append(address)
    return result
