"""Incremental HTTP/1.1 chunked decoding and SSE event splitting for the fan-out client (bytes in, events out)."""

from __future__ import annotations

from dataclasses import dataclass


class WireError(ValueError):
    """The server sent something that is not a chunked text/event-stream response."""


@dataclass(frozen=True)
class WireEvent:
    """One dispatched SSE event: its ``id:`` and ``event:`` fields (the data is not needed to time it)."""

    id: str | None
    event: str


def split_head(buffer: bytes) -> tuple[int, dict[str, str], bytes] | None:
    """(status, lower-cased headers, the rest) once the response head is complete, else None."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return None
    lines = buffer[:end].decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise WireError(f"not an HTTP/1.x status line: {lines[0]!r}")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers, buffer[end + 4:]


class ChunkedDecoder:
    """Feeds raw body bytes, returns the payload bytes they complete; ``done`` after the last (empty) chunk."""

    def __init__(self) -> None:
        self._buffer = b""
        self._remaining = -1  # bytes of the current chunk still to read; -1: a size line comes next
        self.done = False

    def feed(self, data: bytes) -> bytes:
        self._buffer += data
        out = []
        while not self.done:
            if self._remaining < 0:
                line_end = self._buffer.find(b"\r\n")
                if line_end < 0:
                    break
                size_text = self._buffer[:line_end].split(b";", 1)[0].strip()
                try:
                    self._remaining = int(size_text, 16)
                except ValueError:
                    raise WireError(f"bad chunk size line {self._buffer[:line_end][:40]!r}") from None
                self._buffer = self._buffer[line_end + 2:]
                if self._remaining == 0:
                    self.done = True
                    break
            # The chunk's bytes and the CRLF after them.
            if len(self._buffer) < self._remaining + 2:
                break
            out.append(self._buffer[:self._remaining])
            if self._buffer[self._remaining:self._remaining + 2] != b"\r\n":
                raise WireError("a chunk is not followed by CRLF")
            self._buffer = self._buffer[self._remaining + 2:]
            self._remaining = -1
        return b"".join(out)


class SseSplitter:
    """Feeds text/event-stream bytes, returns the events (not comments) they complete, in order.

    Lines may end in CRLF or LF; an event ends at a blank line, as a browser reads it.
    """

    def __init__(self) -> None:
        self._buffer = b""
        self._pending_cr = b""  # a CR that ended the last feed: its LF may open the next one

    def feed(self, data: bytes) -> list[WireEvent]:
        data = self._pending_cr + data
        self._pending_cr = b"\r" if data.endswith(b"\r") else b""
        self._buffer += data[:len(data) - len(self._pending_cr)].replace(b"\r\n", b"\n")
        events = []
        while True:
            end = self._buffer.find(b"\n\n")
            if end < 0:
                return events
            block, self._buffer = self._buffer[:end], self._buffer[end + 2:]
            event = _parse_block(block)
            if event is not None:
                events.append(event)


def _parse_block(block: bytes) -> WireEvent | None:
    event_id, name, has_data = None, "message", False
    for line in block.split(b"\n"):
        field, _, value = line.partition(b":")
        value = value[1:] if value.startswith(b" ") else value
        if field == b"id":
            event_id = value.decode()
        elif field == b"event":
            name = value.decode()
        elif field == b"data":
            has_data = True
    return WireEvent(event_id, name) if has_data else None
