"""Jira's date functions now(), startOfDay() ... endOfYear(), with their optional increment argument.

Weeks start on Sunday (Jira's default en_US locale); times are UTC. An increment in the function's own unit
("startOfDay(-1)", "endOfMonth(+1)", "startOfWeek('-2w')") moves to another period first; an increment in another
unit ("startOfMonth('+15d')") is added to the computed edge, as Jira documents.
"""

import calendar
from datetime import datetime, timedelta

from jiraex_jira_sim.jql import messages

_PERIODS = {"day": "d", "week": "w", "month": "M", "year": "y"}
_EDGE_FUNCTIONS = {f"{edge}of{period}": (edge, period) for edge in ("start", "end") for period in _PERIODS}
_UNITS = frozenset("yMwdhm")
_MILLISECOND = timedelta(milliseconds=1)


class DateFunctionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_date_function(name: str) -> bool:
    folded = name.casefold()
    return folded == "now" or folded in _EDGE_FUNCTIONS


def _add_months(moment: datetime, months: int) -> datetime:
    year, month = divmod(moment.month - 1 + months, 12)
    year += moment.year
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _shift(moment: datetime, unit: str, amount: int) -> datetime:
    if unit in ("y", "M"):
        return _add_months(moment, amount * (12 if unit == "y" else 1))
    steps = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
    return moment + amount * steps[unit]


def _start_of(moment: datetime, period: str) -> datetime:
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "week":
        return day - timedelta(days=(day.weekday() + 1) % 7)
    if period == "month":
        return day.replace(day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    return day


def _parse_increment(name: str, text: str) -> tuple[int, str | None]:
    body = text.strip()
    sign = -1 if body.startswith("-") else 1
    body = body[1:] if body[:1] in ("-", "+") else body
    unit = body[-1] if body[-1:] in _UNITS else None
    digits = body[:-1] if unit else body
    if not digits.isascii() or not digits.isdigit():
        raise DateFunctionError(messages.function_bad_duration(name))
    return sign * int(digits), unit


def evaluate_date_function(name: str, args: tuple[str, ...], now: datetime) -> datetime:
    """The instant `name(args)` denotes at `now`; raises DateFunctionError with Jira's wording."""
    folded = name.casefold()
    if folded == "now":
        if args:
            raise DateFunctionError(messages.function_arity(name, 0, len(args)))
        return now
    edge, period = _EDGE_FUNCTIONS[folded]
    if len(args) > 1:
        raise DateFunctionError(messages.function_arity_range(name, 0, 1, len(args)))
    amount, unit = _parse_increment(name, args[0]) if args else (0, None)
    natural = _PERIODS[period]
    try:
        anchor = _shift(now, natural, amount) if unit in (None, natural) else now
        result = _start_of(anchor, period)
        if edge == "end":
            result = _shift(result, natural, 1) - _MILLISECOND
        if unit not in (None, natural):
            result = _shift(result, unit, amount)
    except (OverflowError, ValueError) as exc:  # an increment beyond the calendar
        raise DateFunctionError(messages.function_bad_duration(name)) from exc
    return result
