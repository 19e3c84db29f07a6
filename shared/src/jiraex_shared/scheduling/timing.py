"""When a schedule fires: cron slots in the schedule's local wall time, or a fixed interval in elapsed time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import CroniterError, croniter

# Macros croniter expands to five fields; "@reboot" has no slot in time and is refused.
CRON_MACROS = frozenset({"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"})
# A cron expression that matches nothing for this many wall-clock steps (e.g. "0 0 31 2 *") is refused.
MAX_EMPTY_STEPS = 10_000
# More than any clock shift a time zone has made (one hour today; two in some historical rules).
DST_MARGIN = timedelta(hours=3)


class InvalidSchedule(ValueError):
    """The schedule's cron expression, interval or time zone cannot be used; the message says which."""


@dataclass(frozen=True, slots=True)
class ScheduleTiming:
    """Exactly one of ``cron`` and ``interval_seconds``; ``anchor`` is where interval slots are counted from.

    Cron slots are wall-clock times in ``timezone`` (so "30 2 * * *" stays 02:30 local across DST);
    interval slots are ``anchor + k × interval`` in elapsed time, which no time zone changes.
    """

    cron: str | None
    interval_seconds: int | None
    timezone: str
    anchor: datetime

    def __post_init__(self) -> None:
        if (self.cron is None) == (self.interval_seconds is None):
            raise InvalidSchedule("a schedule needs exactly one of a cron expression and an interval")
        if self.interval_seconds is not None and self.interval_seconds <= 0:
            raise InvalidSchedule(f"the interval must be a positive number of seconds, got {self.interval_seconds}")
        if self.cron is not None:
            validate_cron(self.cron)
        zone_of(self.timezone)
        if self.anchor.tzinfo is None:
            raise InvalidSchedule("the interval anchor must be timezone-aware")


def validate_cron(expression: str) -> None:
    """Accept five-field cron expressions and the @daily-style macros; refuse seconds fields and @reboot."""
    text = expression.strip()
    fields = text.split()
    if not (text in CRON_MACROS or len(fields) == 5) or not croniter.is_valid(text):
        raise InvalidSchedule(
            f"not a cron expression: {expression!r}; expected five fields (minute hour day month weekday), "
            "e.g. '30 2 * * *', or one of " + ", ".join(sorted(CRON_MACROS))
        )
    try:
        croniter(text, datetime(2000, 1, 1)).get_next(datetime)
    except CroniterError as error:  # e.g. "0 0 31 2 *": valid syntax, but no such day
        raise InvalidSchedule(f"the cron expression {expression!r} never fires") from error


def zone_of(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (e.g. Europe/Berlin)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidSchedule(f"unknown time zone {name!r}; expected an IANA name such as Europe/Berlin") from error


def wall_to_instant(wall: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall-clock time, resolving DST transitions so no slot runs twice.

    ``fold=0`` does both jobs: a wall time repeated when clocks go back means its first occurrence, and a
    wall time skipped when clocks go forward gets the offset from before the jump, i.e. it moves forward by
    the gap (02:30 on a day that skips 02:00–03:00 becomes 03:30 new time), so that day still runs once.
    """
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def iter_slots(timing: ScheduleTiming, after: datetime) -> Iterator[datetime]:
    """The schedule's slots strictly after ``after``, in increasing order, as aware UTC datetimes."""
    if timing.interval_seconds is not None:
        yield from _interval_slots(timing.anchor, timing.interval_seconds, after)
    else:
        yield from _cron_slots(timing, after)


def next_slot_after(timing: ScheduleTiming, after: datetime) -> datetime:
    """The first slot strictly after ``after``."""
    return next(iter_slots(timing, after))


def latest_slot_at_or_before(timing: ScheduleTiming, moment: datetime) -> datetime | None:
    """The last slot at or before ``moment`` (None if there is none, e.g. before an interval's anchor)."""
    return next(iter_slots_backward(timing, moment), None)


def iter_slots_backward(timing: ScheduleTiming, moment: datetime) -> Iterator[datetime]:
    """The schedule's slots at or before ``moment``, newest first, each once."""
    if timing.interval_seconds is not None:
        step = timedelta(seconds=timing.interval_seconds)
        if moment < timing.anchor:
            return
        slot = timing.anchor + ((moment - timing.anchor) // step) * step
        while slot >= timing.anchor:
            yield slot
            slot -= step
        return
    assert timing.cron is not None
    zone = zone_of(timing.timezone)
    # Start later than `moment`'s own wall time: inside the second pass of a repeated hour, wall times up to
    # the end of that hour already happened (in the first pass). Slots after `moment` are skipped below.
    wall = moment.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0) + DST_MARGIN
    cron = croniter(timing.cron.strip(), wall)
    previous: datetime | None = None
    empty = 0
    while empty <= MAX_EMPTY_STEPS:
        try:
            instant = wall_to_instant(cron.get_prev(datetime), zone)
        except CroniterError:  # walked back past anything croniter can represent
            return
        if instant <= moment and (previous is None or instant < previous):
            empty = 0
            previous = instant
            yield instant
        else:
            empty += 1


def _interval_slots(anchor: datetime, interval_seconds: int, after: datetime) -> Iterator[datetime]:
    step = timedelta(seconds=interval_seconds)
    k = 0 if after < anchor else (after - anchor) // step + 1
    while True:
        yield anchor + k * step
        k += 1


def _cron_slots(timing: ScheduleTiming, after: datetime) -> Iterator[datetime]:
    assert timing.cron is not None
    zone = zone_of(timing.timezone)
    # Walk wall-clock times (naive, so croniter never sees an offset) and convert each one; an instant that
    # is not later than the previous one (a skipped hour landing on an existing slot, or the repeated hour
    # seen again from its second pass) is dropped, so every instant is yielded once.
    # Start earlier than `after`'s own wall time: a skipped wall time just before it (02:30 on a day that jumps
    # from 02:00 to 03:00) moves forward past the jump and may still lie after `after`.
    wall = after.astimezone(zone).replace(tzinfo=None) - DST_MARGIN
    cron = croniter(timing.cron.strip(), wall)
    last = after
    empty = 0
    while True:
        instant = wall_to_instant(cron.get_next(datetime), zone)
        if instant > last:
            empty = 0
            last = instant
            yield instant
        else:
            empty += 1
            if empty > MAX_EMPTY_STEPS:
                raise InvalidSchedule(f"the cron expression {timing.cron!r} has no future slot")
