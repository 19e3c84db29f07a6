"""The local-directory artifact store of the simplified and embedded modes: files under `data_dir/exports`."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncGenerator, AsyncIterable, Callable, Sequence
from pathlib import Path

from jiraex_shared.storage import local_files
from jiraex_shared.storage.chunking import batches
from jiraex_shared.storage.content_types import content_type_for
from jiraex_shared.storage.errors import ArtifactNotFound, InvalidKey
from jiraex_shared.storage.keys import RESERVED_PREFIX, validate_key, validate_prefix
from jiraex_shared.storage.protocol import StoredObject

_META_DIR = f"{RESERVED_PREFIX}/meta"


class LocalArtifactStore:
    """Objects are plain files at `root/{key}`; SHA-256 and content type live in sidecars under `root/.jiraex/`.

    File work runs in worker threads so the event loop never blocks on the disk. Writes go to a temporary file in
    the target's directory and are renamed into place, so readers see the old file or the complete new one.
    Unlike S3, a key cannot be both an object and a "directory" of others (`a` and `a/b`): that raises.
    """

    def __init__(self, root: Path, *, write_batch: int = 1024 * 1024, read_chunk: int = 1024 * 1024) -> None:
        self.root = Path(os.path.abspath(root))
        self._write_batch = write_batch
        self._read_chunk = read_chunk

    async def put_file(self, key: str, path: Path, *, content_type: str | None = None) -> StoredObject:
        def copy(writer: local_files.AtomicWriter) -> None:
            local_files.copy_into(path, writer)

        return await self._write(key, content_type, copy=copy)

    async def put_stream(
        self, key: str, chunks: AsyncIterable[bytes], *, content_type: str | None = None
    ) -> StoredObject:
        return await self._write(key, content_type, chunks=chunks)

    async def put_bytes(self, key: str, data: bytes, *, content_type: str | None = None) -> StoredObject:
        def copy(writer: local_files.AtomicWriter) -> None:
            writer.write([data])

        return await self._write(key, content_type, copy=copy)

    async def open_read(self, key: str, *, start: int = 0, end: int | None = None) -> AsyncGenerator[bytes, None]:
        _check_range(start, end)
        path = self._path(key)
        try:
            handle = await asyncio.to_thread(path.open, "rb")
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            raise ArtifactNotFound(key) from None
        try:
            await asyncio.to_thread(handle.seek, start)
            remaining = None if end is None else max(end - start, 0)
            while remaining is None or remaining > 0:
                size = self._read_chunk if remaining is None else min(self._read_chunk, remaining)
                chunk = await asyncio.to_thread(handle.read, size)
                if not chunk:
                    return
                if remaining is not None:
                    remaining -= len(chunk)
                yield chunk
        finally:
            handle.close()

    async def get_to_file(self, key: str, path: Path) -> None:
        source = self._path(key)

        def copy() -> None:
            if not source.is_file():
                raise ArtifactNotFound(key)
            writer = local_files.AtomicWriter(Path(path))
            try:
                local_files.copy_into(source, writer)
                writer.commit()
            except BaseException:
                writer.discard()
                raise

        await asyncio.to_thread(copy)

    async def stat(self, key: str) -> StoredObject | None:
        found = await asyncio.to_thread(local_files.describe, self._path(key), self._sidecar(key))
        if found is None:
            return None
        size, sha256, content_type = found
        return StoredObject(key, size, sha256, content_type or content_type_for(key, None), self.uri(key))

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self._path(key).is_file)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._remove, [validate_key(key)])

    async def delete_prefix(self, prefix: str, *, batch_size: int = 1000) -> int:
        deleted = 0
        batch: list[str] = []
        async for stored in self.list(prefix):
            batch.append(stored.key)
            if len(batch) >= batch_size:
                await asyncio.to_thread(self._remove, batch)
                deleted, batch = deleted + len(batch), []
        if batch:
            await asyncio.to_thread(self._remove, batch)
        return deleted + len(batch)

    async def list(self, prefix: str) -> AsyncGenerator[StoredObject, None]:
        validate_prefix(prefix)
        async for key, size in self._walk(prefix.rpartition("/")[0], prefix):
            # Not re-validated: a file someone else put here with an odd name must not break a listing or cleanup.
            yield StoredObject(key, size, None, None, str(self.root / key))

    def uri(self, key: str) -> str:
        return str(self._path(key))

    def key_from_uri(self, uri: str) -> str:
        path = Path(uri)
        if not path.is_absolute() or self.root not in path.parents:
            raise InvalidKey(f"{uri!r} is not a path inside the store at {self.root}")
        return validate_key(path.relative_to(self.root).as_posix())

    async def _write(
        self,
        key: str,
        content_type: str | None,
        *,
        copy: Callable[[local_files.AtomicWriter], None] | None = None,
        chunks: AsyncIterable[bytes] | None = None,
    ) -> StoredObject:
        target = self._path(key)
        kind = content_type_for(key, content_type)
        writer = await asyncio.to_thread(local_files.AtomicWriter, target)
        try:
            if copy is not None:
                await asyncio.to_thread(copy, writer)
            if chunks is not None:
                async for batch in batches(chunks, self._write_batch):
                    await asyncio.to_thread(writer.write, batch)
            sha256 = writer.digest.hexdigest()

            def finish() -> None:
                info = writer.commit()
                local_files.write_sidecar(self._sidecar(key), info, sha256, kind)

            await asyncio.to_thread(finish)
        except BaseException:

            def clean_up() -> None:
                writer.discard()
                local_files.prune(target.parent, self.root)

            await asyncio.to_thread(clean_up)
            raise
        return StoredObject(key, writer.digest.size, sha256, kind, str(target))

    async def _walk(self, directory_key: str, prefix: str) -> AsyncGenerator[tuple[str, int], None]:
        """(key, size) of the files under a directory whose keys start with `prefix`, in key order."""
        directory = self.root / directory_key if directory_key else self.root
        for name, is_directory, size in await asyncio.to_thread(local_files.scan, directory):
            key = f"{directory_key}/{name}" if directory_key else name
            if not is_directory:
                if key.startswith(prefix):
                    yield key, size
            elif (key + "/").startswith(prefix) or prefix.startswith(key + "/"):
                async for found in self._walk(key, prefix):
                    yield found

    def _remove(self, keys: Sequence[str]) -> None:
        """Delete objects by keys already validated or found by listing."""
        local_files.remove([self.root / key for key in keys], self.root)
        local_files.remove([self.root / _META_DIR / f"{key}.json" for key in keys], self.root / _META_DIR)

    def _path(self, key: str) -> Path:
        return self.root / validate_key(key)

    def _sidecar(self, key: str) -> Path:
        return self.root / _META_DIR / f"{validate_key(key)}.json"


def _check_range(start: int, end: int | None) -> None:
    if start < 0 or (end is not None and end < start):
        raise ValueError(f"invalid byte range start={start} end={end}")
