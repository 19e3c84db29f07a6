"""JQL date values: absolute dates, periods relative to now (Jira's "-5d", "4w 2d") and epoch milliseconds.

The simulator's users all live in UTC, so an absolute date means that wall-clock time in UTC.
"""

from datetime import UTC, datetime, timedelta

# Jira accepts singular and plural unit words as well as the letters ("-100minutes", "-4hours", "-10weeks, 2d" —
# com.atlassian.jira.webtests.ztests.navigator.jql.TestRelativeDates); a bare number is minutes.
_UNITS = {
    "w": timedelta(weeks=1),
    "week": timedelta(weeks=1),
    "weeks": timedelta(weeks=1),
    "d": timedelta(days=1),
    "day": timedelta(days=1),
    "days": timedelta(days=1),
    "h": timedelta(hours=1),
    "hour": timedelta(hours=1),
    "hours": timedelta(hours=1),
    "m": timedelta(minutes=1),
    "minute": timedelta(minutes=1),
    "minutes": timedelta(minutes=1),
}


def _number(text: str, digits: tuple[int, ...]) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) in digits else None


def parse_absolute(text: str) -> datetime | None:
    """'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd' or 'yyyy-MM-dd', as UTC; None otherwise."""
    parts = text.split()
    if not 1 <= len(parts) <= 2:
        return None
    date_part = parts[0]
    separator = "-" if "-" in date_part else "/"
    pieces = date_part.split(separator)
    if len(pieces) != 3:
        return None
    year, month, day = _number(pieces[0], (4,)), _number(pieces[1], (1, 2)), _number(pieces[2], (1, 2))
    hour = minute = 0
    if len(parts) == 2:
        clock = parts[1].split(":")
        if len(clock) != 2:
            return None
        parsed_hour, parsed_minute = _number(clock[0], (1, 2)), _number(clock[1], (2,))
        if parsed_hour is None or parsed_minute is None:
            return None
        hour, minute = parsed_hour, parsed_minute
    if year is None or month is None or day is None:
        return None
    try:
        return datetime(year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:  # 2024-13-45, 2023-02-29, 25:00 ...
        return None


def parse_period(text: str) -> timedelta | None:
    """The signed duration of a period such as "-1d 2h", "4w 2d", "-10w, 3minutes" or "-60"; None if malformed."""
    try:
        return _signed_period(text)
    except OverflowError:  # more days than a timedelta holds
        return None


def _signed_period(text: str) -> timedelta | None:
    body = text.strip()
    sign = 1
    if body[:1] in ("-", "+"):
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    chunks = body.replace(",", " ").split()
    if len(chunks) == 1 and chunks[0].isascii() and chunks[0].isdigit():
        return sign * timedelta(minutes=int(chunks[0]))
    if not chunks:
        return None
    total = timedelta()
    for chunk in chunks:
        amount = _scan_chunk(chunk)
        if amount is None:
            return None
        total += amount
    return sign * total


def _scan_chunk(chunk: str) -> timedelta | None:
    """A chunk is one or more number-unit pairs written together, e.g. "2d" or "1d2h"."""
    total, index = timedelta(), 0
    while index < len(chunk):
        start = index
        while index < len(chunk) and chunk[index].isascii() and chunk[index].isdigit():
            index += 1
        unit_start = index
        while index < len(chunk) and chunk[index].isascii() and chunk[index].isalpha():
            index += 1
        unit = _UNITS.get(chunk[unit_start:index].lower())
        if start == unit_start or unit is None:
            return None
        total += int(chunk[start:unit_start]) * unit
    return total


def parse_date_value(text: str, now: datetime) -> datetime | None:
    """The instant a JQL date string names: an absolute date, else a period added to `now`; None if invalid."""
    absolute = parse_absolute(text)
    if absolute is not None:
        return absolute
    period = parse_period(text)
    if period is None:
        return None
    try:
        return now + period
    except OverflowError:
        return None


def from_epoch_millis(value: int) -> datetime | None:
    """An unquoted number for a date field is milliseconds since the epoch, as in Jira."""
    try:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=value)
    except OverflowError:
        return None
