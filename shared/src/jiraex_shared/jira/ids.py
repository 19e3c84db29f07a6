"""Issue id hygiene: ids end up inside JQL and URL paths, so only plain ids and keys pass."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

_ISSUE_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")

T = TypeVar("T")


def checked_ids(ids: Iterable[object]) -> list[str]:
    """The ids as strings, each once, in order; ValueError for anything that is not an issue id or key."""
    result: list[str] = []
    seen: set[str] = set()
    for raw in ids:
        text = str(raw).strip()
        if not _ISSUE_REF.match(text):
            raise ValueError(f"not an issue id or key: {text[:40]!r}")
        if text not in seen:
            seen.add(text)
            result.append(text)
    return result


def batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def jql_id_list(ids: Sequence[str]) -> str:
    """`id in (…)` for checked ids: numbers bare, keys quoted."""
    return "id in (" + ", ".join(i if i.isdigit() else f'"{i}"' for i in ids) + ")"
