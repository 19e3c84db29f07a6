"""Re-cutting byte streams: exact-size pieces for S3 parts, batches for file writes done in a thread."""

import asyncio
from collections.abc import AsyncGenerator, AsyncIterable
from pathlib import Path


async def regroup(chunks: AsyncIterable[bytes], size: int) -> AsyncGenerator[bytes, None]:
    """Yield the stream's bytes in pieces of exactly `size` bytes; only the last may be shorter, none is empty."""
    if size <= 0:
        raise ValueError(f"piece size must be positive, got {size}")
    buffer = bytearray()
    async for chunk in chunks:
        buffer += chunk
        if len(buffer) < size:
            continue
        view = memoryview(buffer)
        whole = len(buffer) - len(buffer) % size
        for offset in range(0, whole, size):
            yield bytes(view[offset : offset + size])
        view.release()
        del buffer[:whole]
    if buffer:
        yield bytes(buffer)


async def batches(chunks: AsyncIterable[bytes], size: int) -> AsyncGenerator[list[bytes], None]:
    """Group chunks into lists of at least `size` bytes (the last may hold less), without copying them.

    One thread hop per batch instead of per chunk keeps small network chunks cheap to write to disk.
    """
    batch: list[bytes] = []
    total = 0
    async for chunk in chunks:
        if not chunk:
            continue
        batch.append(chunk)
        total += len(chunk)
        if total >= size:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


async def file_pieces(path: Path, size: int) -> AsyncGenerator[bytes, None]:
    """A local file in pieces of `size` bytes, each read in a worker thread."""
    handle = await asyncio.to_thread(path.open, "rb")
    try:
        while piece := await asyncio.to_thread(handle.read, size):
            yield piece
    finally:
        handle.close()
