"""The HTTP `Range` header (RFC 9110 §14): one byte range served as 206; several are ignored (a full 200)."""

import re
from dataclasses import dataclass
from typing import Literal

_SINGLE = re.compile(r"bytes=(\d*)-(\d*)")


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # exclusive


def parse_range(header: str, size: int) -> ByteRange | Literal["unsatisfiable"] | None:
    """The range to serve, "unsatisfiable" (416), or None to serve the whole file (absent, malformed, several)."""
    match = _SINGLE.fullmatch(header.strip().replace(" ", ""))
    if match is None:
        return None  # a syntactically invalid or multi-range header is ignored, as §14.2 allows
    first, last = match[1], match[2]
    if not first and not last:
        return None
    if not first:  # suffix range: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            return "unsatisfiable"
        return ByteRange(max(0, size - length), size)
    start = int(first)
    if start >= size:
        return "unsatisfiable"
    end = size if not last else min(int(last) + 1, size)
    if end <= start:
        return None  # last < first: invalid, ignored
    return ByteRange(start, end)
