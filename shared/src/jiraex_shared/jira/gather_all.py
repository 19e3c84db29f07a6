"""Run coroutines together, failing like a single call: the first real error, not an ExceptionGroup."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


async def gather_all(coroutines: Iterable[Coroutine[Any, Any, T]]) -> list[T]:
    """Results in order. One failure cancels the rest (TaskGroup) and is raised as itself, so callers can
    `except JiraError` around client methods whether or not they fan out internally."""
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(coroutine) for coroutine in coroutines]
    except BaseExceptionGroup as failures:
        raise _first_leaf(failures) from None
    return [task.result() for task in tasks]


def _first_leaf(group: BaseExceptionGroup) -> BaseException:
    for error in group.exceptions:
        leaf = _first_leaf(error) if isinstance(error, BaseExceptionGroup) else error
        if not isinstance(leaf, asyncio.CancelledError):
            return leaf
    return group.exceptions[0]
