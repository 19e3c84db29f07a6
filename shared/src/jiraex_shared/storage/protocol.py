"""The artifact store port: where export files and attachment blobs live, S3 or a local directory."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class StoredObject:
    """One stored object. `sha256` and `content_type` are None when unknown (listings never carry them)."""

    key: str
    size: int
    sha256: str | None
    content_type: str | None
    uri: str


class ArtifactStore(Protocol):
    """Bytes under slash-separated keys (see `keys.py`). Every write is all-or-nothing: a failed or cancelled
    put leaves the key as it was, never a partial object. `open_read` and `list` are async generators:
    `async for chunk in store.open_read(key)`.
    """

    async def put_file(self, key: str, path: Path, *, content_type: str | None = None) -> StoredObject:
        """Store a local file (multipart on S3 when large)."""
        ...

    async def put_stream(
        self, key: str, chunks: AsyncIterable[bytes], *, content_type: str | None = None
    ) -> StoredObject:
        """Store a byte stream of unknown length; SHA-256 and size are computed while it passes."""
        ...

    async def put_bytes(self, key: str, data: bytes, *, content_type: str | None = None) -> StoredObject: ...

    def open_read(self, key: str, *, start: int = 0, end: int | None = None) -> AsyncIterator[bytes]:
        """Yield bytes `start` to `end` (exclusive, like a slice; None = to the end). `ArtifactNotFound` if absent."""
        ...

    async def get_to_file(self, key: str, path: Path) -> None:
        """Copy the object to a local file, atomically (the file appears complete or not at all)."""
        ...

    async def stat(self, key: str) -> StoredObject | None: ...

    async def exists(self, key: str) -> bool: ...

    async def delete(self, key: str) -> None:
        """Remove the object; removing an absent key is not an error."""
        ...

    async def delete_prefix(self, prefix: str) -> int:
        """Remove every object whose key starts with `prefix` (a plain string prefix, as S3 means it)."""
        ...

    def list(self, prefix: str) -> AsyncIterator[StoredObject]:
        """Yield the objects under `prefix` in key order (UTF-8 byte order), with key, size and URI only."""
        ...

    def uri(self, key: str) -> str:
        """`minio:{key}` on S3, the absolute file path locally: what `files.uri` records."""
        ...

    def key_from_uri(self, uri: str) -> str:
        """The key a URI of this store names (the inverse of `uri`); `InvalidKey` for a foreign URI."""
        ...
