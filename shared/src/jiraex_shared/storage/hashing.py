"""SHA-256 and size of bytes as they pass, so no store reads an object twice to describe it."""

import asyncio
import hashlib
from pathlib import Path

READ_BLOCK = 1024 * 1024
# hashlib releases the GIL on large buffers: hashing them in a thread keeps the event loop free.
_HASH_IN_THREAD = 1024 * 1024


class Digest:
    """Running SHA-256 and byte count of a stream, fed chunk by chunk."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.size = 0

    def update(self, chunk: bytes) -> None:
        self._hash.update(chunk)
        self.size += len(chunk)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def digest_file(path: Path) -> Digest:
    """Hash a whole file. Blocking: call it through `asyncio.to_thread`."""
    digest = Digest()
    with path.open("rb") as source:
        while block := source.read(READ_BLOCK):
            digest.update(block)
    return digest


async def feed(digest: Digest, piece: bytes) -> None:
    """`digest.update(piece)` without stalling the event loop on a large piece."""
    if len(piece) > _HASH_IN_THREAD:
        await asyncio.to_thread(digest.update, piece)
    else:
        digest.update(piece)


async def sha256_of(data: bytes) -> str:
    digest = Digest()
    await feed(digest, data)
    return digest.hexdigest()
