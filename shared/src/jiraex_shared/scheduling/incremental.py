"""Incremental runs: restrict a schedule's JQL to issues updated since its last successful run (minus a lookback)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

_ORDER_BY = re.compile(r"\border\s+by\b", re.IGNORECASE)


def updated_since(jql: str, since: datetime) -> str:
    """``jql`` with ``updated >= <since>`` added, keeping its ORDER BY clause last.

    The date is written as epoch milliseconds, not as "yyyy/MM/dd HH:mm": Jira reads that text form in
    the searching user's profile time zone, which the scheduler does not know (a UTC string would shift
    the window by the user's offset and silently miss issues west of UTC), and it has minute precision.
    A bare number on a date field is milliseconds since the epoch in Jira's JQL, an instant in any zone.
    """
    if since.tzinfo is None:
        raise ValueError("the incremental cut-off must be timezone-aware")
    condition = f"updated >= {int(since.timestamp() * 1000)}"
    where, order_by = split_order_by(jql)
    where = where.strip()
    combined = f"({where}) AND {condition}" if where else condition
    return f"{combined} {order_by}" if order_by else combined


def incremental_cutoff(last_success: datetime | None, lookback_seconds: int) -> datetime | None:
    """Where an incremental run starts: the last successful run's start minus the lookback; None: a full run."""
    if last_success is None:
        return None
    return last_success - timedelta(seconds=lookback_seconds)


def split_order_by(jql: str) -> tuple[str, str]:
    """(condition, "ORDER BY …" or "") — the clause found outside quoted strings, so a value may say "order by"."""
    for match in _ORDER_BY.finditer(jql):
        if not _inside_quotes(jql, match.start()):
            return jql[: match.start()], jql[match.start():].strip()
    return jql, ""


def _inside_quotes(text: str, position: int) -> bool:
    quote: str | None = None
    escaped = False
    for char in text[:position]:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif quote is None and char in "\"'":
            quote = char
        elif char == quote:
            quote = None
    return quote is not None
