"""Attachment byte responses: 200/206/416 with Range, optional throttling and a mid-body drop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import quote

from jiraex_jira_sim.ranges import RangeNotSatisfiable, parse_range
from jiraex_jira_sim.server.responses import Response, StreamDropped, empty_response

if TYPE_CHECKING:
    from jiraex_jira_sim.dataset import Dataset
    from jiraex_jira_sim.dataset.attachments import AttachmentInfo


def content_disposition(filename: str) -> str:
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "_").replace("\\", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment_response(
    dataset: Dataset,
    info: AttachmentInfo,
    range_header: str | None,
    *,
    bytes_per_s: int = 0,
    should_drop: Callable[[], bool] | None = None,
) -> Response:
    """The bytes of one attachment (or the asked range), streamed in ≤ 64 KiB pieces.

    ``should_drop`` is asked only for bodies of at least two bytes, so a drop always cuts mid-body.
    """
    size = info.size
    headers = [
        ("Accept-Ranges", "bytes"),
        ("ETag", f'"{info.id}-{size}"'),
        ("Content-Disposition", content_disposition(info.filename)),
    ]
    try:
        span = parse_range(range_header, size)
    except RangeNotSatisfiable:
        return empty_response(416, [*headers, ("Content-Range", f"bytes */{size}")])
    status, start, end = 200, 0, size
    if span is not None:
        status, (start, end) = 206, span
        headers.append(("Content-Range", f"bytes {start}-{end - 1}/{size}"))
    chunks = dataset.attachment_chunks(info.id, start, end)
    length = end - start
    drop = length >= 2 and should_drop is not None and should_drop()
    stream = _stream(chunks, bytes_per_s=bytes_per_s, drop_after=length // 2 if drop else None)
    return Response(status=status, content_type=info.mime_type, headers=headers, stream=stream, length=length)


async def _stream(chunks: Iterator[bytes], *, bytes_per_s: int, drop_after: int | None) -> AsyncIterator[bytes]:
    started = time.monotonic()
    sent = 0
    # Small slices keep a throttled stream smooth instead of bursting 64 KiB at a time.
    slice_size = max(1024, min(64 * 1024, bytes_per_s // 20)) if bytes_per_s else 64 * 1024
    for chunk in chunks:
        for offset in range(0, len(chunk), slice_size):
            piece = chunk[offset : offset + slice_size]
            if drop_after is not None and sent + len(piece) > drop_after:
                if drop_after > sent:
                    yield piece[: drop_after - sent]
                raise StreamDropped
            yield piece
            sent += len(piece)
            if bytes_per_s:
                ahead = sent / bytes_per_s - (time.monotonic() - started)
                if ahead > 0:
                    await asyncio.sleep(ahead)
            elif sent % (1024 * 1024) < len(piece):
                # Let other connections run between megabytes of a large unthrottled download.
                await asyncio.sleep(0)
