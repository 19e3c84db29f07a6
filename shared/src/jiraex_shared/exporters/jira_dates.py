"""Jira's ISO timestamps as its XML (RSS) export writes them: "Mon, 26 Jul 2010 13:29:18 +0200"."""

import re
from datetime import date

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rss_date(value: object) -> str:
    """RFC 822 date in English whatever the locale; anything not an ISO timestamp is returned as text."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    match = _ISO.match(value.strip())
    if match is None:
        return value
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    try:
        weekday = date(year, month, day).weekday()
    except ValueError:
        return value
    zone = match.group(7) or "+0000"
    zone = "+0000" if zone == "Z" else zone.replace(":", "")
    return f"{_DAYS[weekday]}, {day} {_MONTHS[month - 1]} {year} {hour:02d}:{minute:02d}:{second:02d} {zone}"
