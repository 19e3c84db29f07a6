"""S3 multipart uploads that complete or are aborted, and server-side copies that rewrite an object's metadata."""

import asyncio
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any

from jiraex_shared.log import get_logger
from jiraex_shared.storage.errors import StorageError
from jiraex_shared.storage.s3_errors import S3Client, s3_errors

MIN_PART_SIZE = 5 * 1024 * 1024  # S3 refuses smaller parts, except the last
MAX_PARTS = 10_000
MAX_COPY_PART = 5 * 1024**3


class MultipartUpload:
    """One multipart upload to `key`, used as `async with`: parts are sent with bounded concurrency, and unless
    `complete()` succeeded the upload is aborted on exit, so a failure never leaves an object under the key."""

    def __init__(
        self, client: S3Client, bucket: str, key: str, *, content_type: str, metadata: dict[str, str],
        concurrency: int = 2,
    ) -> None:
        self._client, self._bucket, self._key = client, bucket, key
        self._create = {"ContentType": content_type, "Metadata": metadata}
        self._concurrency = max(1, concurrency)
        self._upload_id = ""
        self._etags: dict[int, str] = {}
        self._in_flight: set[asyncio.Task[None]] = set()
        self._next_part = 1
        self._completed = False

    async def __aenter__(self) -> "MultipartUpload":
        with s3_errors("multipart upload start", self._key):
            response = await self._client.create_multipart_upload(Bucket=self._bucket, Key=self._key, **self._create)
        self._upload_id = response["UploadId"]
        return self

    async def add_part(self, data: bytes) -> None:
        """Queue the next part (≥ 5 MiB unless it is the last); waits while too many parts are in flight."""
        number = await self._reserve()
        self._start(number, lambda: self._client.upload_part(
            Bucket=self._bucket, Key=self._key, UploadId=self._upload_id, PartNumber=number, Body=data,
        ), lambda response: response["ETag"])

    async def add_copy(self, source_key: str, first: int, last: int, *, if_match: str) -> None:
        """Queue the next part as a server-side copy of bytes `first`..`last` (inclusive) of another object."""
        number = await self._reserve()
        self._start(number, lambda: self._client.upload_part_copy(
            Bucket=self._bucket, Key=self._key, UploadId=self._upload_id, PartNumber=number,
            CopySource={"Bucket": self._bucket, "Key": source_key}, CopySourceRange=f"bytes={first}-{last}",
            CopySourceIfMatch=if_match,
        ), lambda response: response["CopyPartResult"]["ETag"])

    async def complete(self) -> str:
        """Wait for every part, then make the object appear under the key; returns its ETag."""
        while self._in_flight:
            await self._finish_one()
        parts = [{"PartNumber": number, "ETag": etag} for number, etag in sorted(self._etags.items())]
        with s3_errors("multipart upload completion", self._key):
            response = await self._client.complete_multipart_upload(
                Bucket=self._bucket, Key=self._key, UploadId=self._upload_id, MultipartUpload={"Parts": parts},
            )
        self._completed = True
        return str(response["ETag"])

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._completed:
            return
        for task in self._in_flight:
            task.cancel()
        await asyncio.gather(*self._in_flight, return_exceptions=True)
        # Shielded: a cancelled export must still release the parts it stored.
        await asyncio.shield(self._abort())

    async def _abort(self) -> None:
        try:
            await self._client.abort_multipart_upload(Bucket=self._bucket, Key=self._key, UploadId=self._upload_id)
        except Exception as error:  # the original failure matters more; a bucket lifecycle rule reaps leftovers
            get_logger(__name__).warning("multipart_abort_failed", key=self._key, error=str(error))

    async def _reserve(self) -> int:
        if self._next_part > MAX_PARTS:
            raise StorageError(f"{self._key!r} needs more than {MAX_PARTS} parts; raise the part size")
        while len(self._in_flight) >= self._concurrency:
            await self._finish_one()
        number = self._next_part
        self._next_part += 1
        return number

    def _start(
        self,
        number: int,
        request: Callable[[], Awaitable[dict[str, Any]]],
        etag_of: Callable[[dict[str, Any]], str],
    ) -> None:
        async def send() -> None:
            with s3_errors(f"upload of part {number}", self._key):
                self._etags[number] = etag_of(await request())

        self._in_flight.add(asyncio.create_task(send()))

    async def _finish_one(self) -> None:
        done, _ = await asyncio.wait(self._in_flight, return_when=asyncio.FIRST_COMPLETED)
        self._in_flight -= done
        for task in done:
            task.result()  # re-raises the part's failure; __aexit__ then aborts the upload


async def replace_metadata(
    client: S3Client, bucket: str, key: str, *, etag: str, size: int, content_type: str,
    metadata: dict[str, str], copy_limit: int, part_size: int, concurrency: int = 4,
) -> None:
    """Rewrite the metadata of a stored object by copying it onto itself inside S3 (no bytes pass through us).

    Needed after a streamed multipart upload, whose SHA-256 is known only once the last part is sent. CopyObject
    handles up to 5 GiB; above `copy_limit` the copy is itself a multipart upload of ranged part copies. `etag`
    guards the copy: if another writer replaced the object meanwhile, S3 refuses it rather than mixing them.
    """
    if size <= copy_limit:
        with s3_errors("metadata update", key):
            await client.copy_object(
                Bucket=bucket, Key=key, CopySource={"Bucket": bucket, "Key": key}, CopySourceIfMatch=etag,
                MetadataDirective="REPLACE", ContentType=content_type, Metadata=metadata,
            )
        return
    part_size = min(max(part_size, -(-size // MAX_PARTS), MIN_PART_SIZE), MAX_COPY_PART)
    upload = MultipartUpload(
        client, bucket, key, content_type=content_type, metadata=metadata, concurrency=concurrency,
    )
    async with upload:
        for first in range(0, size, part_size):
            await upload.add_copy(key, first, min(first + part_size, size) - 1, if_match=etag)
        await upload.complete()

