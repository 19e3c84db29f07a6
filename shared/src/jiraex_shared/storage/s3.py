"""The S3 artifact store (MinIO in the full deployment): multipart for large objects, SHA-256 in object metadata."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterable, Sequence
from contextlib import AsyncExitStack, aclosing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiobotocore.response import AioReadTimeoutError
from aiohttp import ClientPayloadError
from botocore.exceptions import ClientError, IncompleteReadError, ResponseStreamingError

from jiraex_shared.log import get_logger
from jiraex_shared.storage.chunking import batches, file_pieces, regroup
from jiraex_shared.storage.content_types import content_type_for
from jiraex_shared.storage.errors import ArtifactNotFound, InvalidKey, StorageError
from jiraex_shared.storage.hashing import Digest, digest_file, feed, sha256_of
from jiraex_shared.storage.keys import validate_key, validate_prefix
from jiraex_shared.storage.local_files import AtomicWriter
from jiraex_shared.storage.protocol import StoredObject
from jiraex_shared.storage.s3_errors import S3Client, error_code, is_not_found, s3_errors
from jiraex_shared.storage.s3_multipart import MAX_PARTS, MIN_PART_SIZE, MultipartUpload, replace_metadata

URI_SCHEME = "minio:"
SHA256_METADATA = "sha256"  # sent as the x-amz-meta-sha256 header
# How a body read fails when the connection drops or stalls mid-download, depending on where aiohttp notices.
_DROPPED_DOWNLOAD = (ResponseStreamingError, AioReadTimeoutError, IncompleteReadError, ClientPayloadError)
_MiB = 1024 * 1024


@dataclass(frozen=True)
class S3Tuning:
    """Sizes and limits; the defaults suit production, tests shrink them to exercise every path quickly."""

    multipart_threshold: int = 16 * _MiB  # larger objects go up in parts
    part_size: int = 16 * _MiB  # 10,000 parts of 16 MiB: objects up to 160 GiB
    part_concurrency: int = 2  # parts in flight per upload; memory is about (this + 1) × part_size
    copy_limit: int = 5 * 1024**3  # CopyObject's maximum; larger metadata rewrites use part copies
    copy_part_size: int = 1024**3
    delete_batch: int = 1000  # DeleteObjects' maximum
    list_page: int = 1000
    read_chunk: int = _MiB
    read_attempts: int = 3  # tries at one download in all; each retry resumes where the dropped one stopped

    def __post_init__(self) -> None:
        if self.part_size < MIN_PART_SIZE:
            raise ValueError(f"S3 parts must be at least {MIN_PART_SIZE} bytes, got {self.part_size}")
        if not 0 < self.delete_batch <= 1000:
            raise ValueError(f"a DeleteObjects batch holds 1 to 1000 keys, got {self.delete_batch}")


class S3ArtifactStore:
    """Objects in one bucket under an optional key prefix, through an aiobotocore client the caller owns.

    Every object carries its SHA-256 as `x-amz-meta-sha256`. Small objects go up with one PutObject, so they
    appear whole. Large ones use a multipart upload that is aborted on any failure, so no partial object ever
    shows under the key. A streamed upload learns its SHA-256 only at the end, so after completing it the store
    rewrites the metadata with a server-side copy; until then `stat` reports the hash as unknown.
    """

    def __init__(self, client: S3Client, bucket: str, *, prefix: str = "", tuning: S3Tuning | None = None) -> None:
        if prefix and not prefix.endswith("/"):
            raise InvalidKey(f"an S3 key prefix must end with '/', got {prefix!r}")
        self._client = client
        self.bucket = bucket
        self._prefix = validate_prefix(prefix)
        self._tuning = tuning or S3Tuning()

    async def put_bytes(self, key: str, data: bytes, *, content_type: str | None = None) -> StoredObject:
        validate_key(key)
        sha256 = await sha256_of(data)
        kind = content_type_for(key, content_type)
        if len(data) <= self._tuning.multipart_threshold:
            await self._put_object(key, data, sha256, kind)
        else:
            step = self._tuning.part_size
            async with self._multipart(key, kind, sha256) as upload:
                for offset in range(0, len(data), step):
                    await upload.add_part(data[offset : offset + step])
                await upload.complete()
        return StoredObject(key, len(data), sha256, kind, self.uri(key))

    async def put_file(self, key: str, path: Path, *, content_type: str | None = None) -> StoredObject:
        validate_key(key)
        # Hash first so the metadata is right from the start; the upload re-hashes to catch a file changing.
        expected = await asyncio.to_thread(digest_file, path)
        sha256, size = expected.hexdigest(), expected.size
        kind = content_type_for(key, content_type)
        if size <= self._tuning.multipart_threshold:
            data = await asyncio.to_thread(path.read_bytes)
            if await sha256_of(data) != sha256:
                raise StorageError(f"{path} changed while it was being stored as {key!r}")
            await self._put_object(key, data, sha256, kind)
            return StoredObject(key, size, sha256, kind, self.uri(key))
        seen = Digest()
        parts = file_pieces(path, max(self._tuning.part_size, -(-size // MAX_PARTS)))
        async with self._multipart(key, kind, sha256) as upload, aclosing(parts):
            async for part in parts:
                await feed(seen, part)
                await upload.add_part(part)
            if (seen.size, seen.hexdigest()) != (size, sha256):
                raise StorageError(f"{path} changed while it was being stored as {key!r}")
            await upload.complete()
        return StoredObject(key, size, sha256, kind, self.uri(key))

    async def put_stream(
        self, key: str, chunks: AsyncIterable[bytes], *, content_type: str | None = None
    ) -> StoredObject:
        validate_key(key)
        kind = content_type_for(key, content_type)
        digest = Digest()
        pending: list[bytes] = []
        async with AsyncExitStack() as stack:
            upload: MultipartUpload | None = None
            pieces = await stack.enter_async_context(aclosing(regroup(chunks, self._tuning.part_size)))
            async for piece in pieces:
                await feed(digest, piece)
                if upload is not None:
                    await upload.add_part(piece)
                    continue
                pending.append(piece)
                if digest.size > self._tuning.multipart_threshold:
                    upload = await stack.enter_async_context(self._multipart(key, kind, None))
                    for part in pending:
                        await upload.add_part(part)
                    pending.clear()
            sha256 = digest.hexdigest()
            if upload is None:
                await self._put_object(key, b"".join(pending), sha256, kind)
                return StoredObject(key, digest.size, sha256, kind, self.uri(key))
            etag = await upload.complete()
        await replace_metadata(
            self._client, self.bucket, self._full(key), etag=etag, size=digest.size, content_type=kind,
            metadata={SHA256_METADATA: sha256}, copy_limit=self._tuning.copy_limit,
            part_size=self._tuning.copy_part_size,
        )
        return StoredObject(key, digest.size, sha256, kind, self.uri(key))

    async def open_read(self, key: str, *, start: int = 0, end: int | None = None) -> AsyncGenerator[bytes, None]:
        if start < 0 or (end is not None and end < start):
            raise ValueError(f"invalid byte range start={start} end={end}")
        full = self._full(key)
        if end == start:
            if not await self.exists(key):
                raise ArtifactNotFound(key)
            return
        position, etag, failures = start, None, 0
        while end is None or position < end:
            try:
                response = await self._get(key, full, position, end, etag)
                if response is None:
                    return
                etag = response["ETag"]
                async with response["Body"] as body:
                    async for chunk in body.iter_chunks(self._tuning.read_chunk):
                        position += len(chunk)
                        yield chunk
                return
            except _DROPPED_DOWNLOAD as error:
                failures += 1
                if failures >= self._tuning.read_attempts:
                    raise StorageError(f"S3 download of {key!r} kept failing: {error}") from error
                get_logger(__name__).warning("s3_read_resumed", key=key, position=position, error=str(error))
                await asyncio.sleep(0.2 * failures)

    async def get_to_file(self, key: str, path: Path) -> None:
        validate_key(key)
        writer = await asyncio.to_thread(AtomicWriter, Path(path))
        try:
            async with aclosing(self.open_read(key)) as chunks:
                async for batch in batches(chunks, self._tuning.read_chunk):
                    await asyncio.to_thread(writer.write, batch)
            await asyncio.to_thread(writer.commit)
        except BaseException:
            await asyncio.to_thread(writer.discard)
            raise

    async def stat(self, key: str) -> StoredObject | None:
        try:
            with s3_errors("stat", key):
                head = await self._client.head_object(Bucket=self.bucket, Key=self._full(key))
        except ArtifactNotFound:
            return None
        sha256 = head.get("Metadata", {}).get(SHA256_METADATA)
        return StoredObject(key, int(head["ContentLength"]), sha256, head.get("ContentType"), self.uri(key))

    async def exists(self, key: str) -> bool:
        return await self.stat(key) is not None

    async def delete(self, key: str) -> None:
        with s3_errors("delete", key):
            await self._client.delete_object(Bucket=self.bucket, Key=self._full(key))

    async def delete_prefix(self, prefix: str) -> int:
        deleted = 0
        batch: list[str] = []
        async for stored in self.list(prefix):
            batch.append(self._prefix + stored.key)
            if len(batch) >= self._tuning.delete_batch:
                deleted += await self._delete_batch(batch)
                batch = []
        if batch:
            deleted += await self._delete_batch(batch)
        return deleted

    async def list(self, prefix: str) -> AsyncGenerator[StoredObject, None]:
        validate_prefix(prefix)
        paginator = self._client.get_paginator("list_objects_v2")
        pages = paginator.paginate(
            Bucket=self.bucket, Prefix=self._prefix + prefix, PaginationConfig={"PageSize": self._tuning.list_page}
        )
        with s3_errors("listing", prefix):
            async for page in pages:
                for item in page.get("Contents", []):
                    key = item["Key"][len(self._prefix) :]
                    # Not re-validated: an object someone else put here must not break a listing or cleanup.
                    yield StoredObject(key, int(item["Size"]), None, None, URI_SCHEME + key)

    def uri(self, key: str) -> str:
        return URI_SCHEME + validate_key(key)

    def key_from_uri(self, uri: str) -> str:
        if not uri.startswith(URI_SCHEME):
            raise InvalidKey(f"{uri!r} is not a {URI_SCHEME} URI of the S3 store")
        return validate_key(uri[len(URI_SCHEME) :])

    def _full(self, key: str) -> str:
        return self._prefix + validate_key(key)

    def _multipart(self, key: str, content_type: str, sha256: str | None) -> MultipartUpload:
        return MultipartUpload(
            self._client, self.bucket, self._full(key), content_type=content_type,
            metadata={SHA256_METADATA: sha256} if sha256 else {}, concurrency=self._tuning.part_concurrency,
        )

    async def _put_object(self, key: str, data: bytes, sha256: str, content_type: str) -> None:
        with s3_errors("upload", key):
            await self._client.put_object(
                Bucket=self.bucket, Key=self._full(key), Body=data, ContentType=content_type,
                Metadata={SHA256_METADATA: sha256},
            )

    async def _get(
        self, key: str, full: str, position: int, end: int | None, etag: str | None
    ) -> dict[str, Any] | None:
        """GetObject from `position`; None when the range starts past the end (a slice past the end is empty)."""
        arguments: dict[str, Any] = {"Bucket": self.bucket, "Key": full}
        if position or end is not None:
            arguments["Range"] = f"bytes={position}-{'' if end is None else end - 1}"
        if etag:
            arguments["IfMatch"] = etag  # a resumed read must continue the same object, not a replacement
        try:
            return await self._client.get_object(**arguments)
        except ClientError as error:
            if error_code(error) == "InvalidRange":
                return None
            if is_not_found(error):
                raise ArtifactNotFound(key) from error
            if error_code(error) in {"PreconditionFailed", "412"}:
                raise StorageError(f"{key!r} was replaced while it was being read") from error
            with s3_errors("download", key):
                raise

    async def _delete_batch(self, keys: Sequence[str]) -> int:
        with s3_errors("bulk delete", keys[0]):
            response = await self._client.delete_objects(
                Bucket=self.bucket, Delete={"Objects": [{"Key": key} for key in keys], "Quiet": True}
            )
        errors = response.get("Errors", [])
        if errors:
            first = errors[0]
            raise StorageError(
                f"S3 refused to delete {len(errors)} of {len(keys)} objects, e.g. {first.get('Key')!r}: "
                f"{first.get('Code')} {first.get('Message', '')}".rstrip()
            )
        return len(keys)

