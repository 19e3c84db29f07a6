"""Single byte-range requests (RFC 9110 §14): ``bytes=a-b``, ``bytes=a-`` and ``bytes=-n``."""

from __future__ import annotations

import re

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


class RangeNotSatisfiable(Exception):
    """The range lies wholly outside the representation: answer 416 with ``bytes */size``."""


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The half-open byte span ``[start, end)`` asked for, or None to send the whole body.

    Malformed values and multi-range requests are ignored (a server may always answer 200 in full).
    """
    if header is None:
        return None
    found = _RANGE.match(header)
    if found is None:
        return None
    first, last = found.group(1), found.group(2)
    if first == "" and last == "":
        return None
    if first == "":
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable(header)
        return max(0, size - suffix), size
    start = int(first)
    if last != "" and int(last) < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable(header)
    end = size if last == "" else min(int(last) + 1, size)
    return start, end
