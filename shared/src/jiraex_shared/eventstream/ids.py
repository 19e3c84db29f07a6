"""Stream entry ids: Redis's "<milliseconds>-<sequence>" form, parsed, compared and generated."""

import re

StreamId = tuple[int, int]

_ID = re.compile(r"(\d{1,20})-(\d{1,20})")
_MAX_PART = 2**64 - 1


def parse_stream_id(text: str) -> StreamId:
    """Return ``(milliseconds, sequence)``; raise ``ValueError`` unless ``text`` is a complete id.

    Redis also accepts a bare "<milliseconds>", but an exclusive range starting at one means
    something subtly different from "after <milliseconds>-0"; every id we hand out is complete, so
    a client's Last-Event-ID must be too.
    """
    match = _ID.fullmatch(text)
    if match is None:
        raise ValueError(f"not a stream id: {text!r} (expected <milliseconds>-<sequence>)")
    ms, seq = int(match[1]), int(match[2])
    if ms > _MAX_PART or seq > _MAX_PART:
        raise ValueError(f"stream id out of range: {text!r}")
    return ms, seq


def format_stream_id(stream_id: StreamId) -> str:
    return f"{stream_id[0]}-{stream_id[1]}"


def next_stream_id(last: StreamId, now_ms: int) -> StreamId:
    """The id XADD * gives after ``last``: the clock's millisecond, or a sequence bump when it has not moved on."""
    if now_ms > last[0]:
        return now_ms, 0
    return last[0], last[1] + 1
