"""The one clock every lease and reaper query compares against, bound so SQLite and PostgreSQL agree."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import BindParameter, literal

from jiraex_shared.db.base import UtcDateTime, utcnow


def resolve_now(now: datetime | None) -> datetime:
    """``now`` when a caller (or a test) fixes it, else the Python process's aware UTC clock.

    Deliberately not SQL ``now()``: SQLite has no time zone aware clock and compares timestamps as text,
    so a value is only comparable with a column when bound through the column's ``UtcDateTime`` type, which
    plain Python values compared with a column (and ``at``) are. Clock skew between worker hosts only moves
    a lease's expiry by the skew; safety never rests on the clock, since every write after a claim is
    fenced by the epoch.
    """
    return utcnow() if now is None else now


def lease_expiry(now: datetime, lease_seconds: float) -> datetime:
    if lease_seconds <= 0:
        raise ValueError(f"a lease must last a positive time, got {lease_seconds} s")
    return now + timedelta(seconds=lease_seconds)


def at(moment: datetime) -> BindParameter[datetime]:
    """``moment`` as a SQL value of the timestamp columns' own type (needed inside functions like COALESCE)."""
    return literal(moment, UtcDateTime())
