"""Fenced writes: every write after a claim names the claim's epoch, and a stale one is refused and counted."""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

from sqlalchemy import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.log import get_logger

_rejections: Counter[str] = Counter()


def record_rejection(operation: str, **context: Any) -> None:
    """Note that ``operation`` matched no row because its epoch (or the row's state) had moved on."""
    _rejections[operation] += 1
    get_logger(__name__).warning("fenced_write_rejected", operation=operation, **context)


def rejected_writes(operation: str | None = None) -> int:
    """How many fenced writes this process refused, for one operation or in total.

    Process-wide, so a fault test (R3: a zombie worker resumed after losing its lease) can show that the
    zombie's writes were all refused; each refusal is also logged as ``fenced_write_rejected``.
    """
    return _rejections[operation] if operation else sum(_rejections.values())


def reset_rejections() -> None:
    _rejections.clear()


async def fenced_update(session: AsyncSession, statement: Any, operation: str, **context: Any) -> bool:
    """Run a conditional UPDATE of one row; True when it matched, else the refusal is counted and logged."""
    if await updated_rows(session, statement) == 1:
        return True
    record_rejection(operation, **context)
    return False


async def updated_rows(session: AsyncSession, statement: Any) -> int:
    """Run an UPDATE without RETURNING and tell how many rows it matched."""
    return cast(CursorResult[Any], await session.execute(statement)).rowcount
