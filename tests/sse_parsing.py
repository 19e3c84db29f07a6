"""A minimal Server-Sent Events parser for tests: the text/event-stream format read the way browsers read it."""

import json
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class SseEvent:
    event: str = "message"
    data: str = ""
    id: str | None = None
    comments: list[str] = field(default_factory=list)

    @property
    def json(self) -> Any:
        return json.loads(self.data)


def parse_sse(lines: Iterable[str]) -> list[SseEvent]:
    """Every dispatched event and every comment-only block (heartbeats), in order."""
    events, current, has_data = [], SseEvent(), False
    for line in lines:
        line = line.rstrip("\r\n")
        if not line:
            if has_data or current.comments:
                events.append(current)
            current, has_data = SseEvent(), False
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "":
            current.comments.append(value)
        elif name == "event":
            current.event = value
        elif name == "data":
            current.data = f"{current.data}\n{value}" if has_data else value
            has_data = True
        elif name == "id":
            current.id = value
    return events


async def sse_events(lines: AsyncIterator[str]) -> AsyncIterator[SseEvent]:
    """Events as they arrive on a streamed response (``response.aiter_lines()``)."""
    block: list[str] = []
    async for line in lines:
        if line.strip():
            block.append(line)
            continue
        for event in parse_sse([*block, ""]):
            yield event
        block = []
