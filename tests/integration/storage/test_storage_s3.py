"""The S3 store against moto: metadata, multipart uploads and their abort, ranged and resumed reads, bulk deletes."""

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiobotocore.session import get_session
from botocore.exceptions import ClientError, ResponseStreamingError

from jiraex_shared.settings import Settings
from jiraex_shared.storage import (
    ArtifactNotFound,
    S3ArtifactStore,
    S3Tuning,
    StorageConfigError,
    StorageError,
    open_artifact_store,
)

pytestmark = pytest.mark.integration

MiB = 1024 * 1024
# S3's smallest part is 5 MiB: an 11 MiB object makes three parts (5, 5, 1).
SMALL_PARTS = S3Tuning(multipart_threshold=5 * MiB, part_size=5 * MiB, part_concurrency=2)
BIG = os.urandom(11 * MiB + 12_345)
BIG_SHA256 = hashlib.sha256(BIG).hexdigest()


async def pieces(data: bytes, size: int = 512 * 1024, *, fail_at: int | None = None) -> AsyncIterator[bytes]:
    """`data` as a download would deliver it: in chunks, yielding to the event loop between them."""
    for offset in range(0, len(data), size):
        await asyncio.sleep(0)
        if fail_at is not None and offset >= fail_at:
            raise ConnectionResetError("Jira dropped the download")
        yield data[offset : offset + size]


async def read_all(store: S3ArtifactStore, key: str, **kwargs: Any) -> bytes:
    return b"".join([chunk async for chunk in store.open_read(key, **kwargs)])


async def pending_uploads(client: Any, bucket: str) -> list[dict[str, Any]]:
    return (await client.list_multipart_uploads(Bucket=bucket)).get("Uploads", [])


async def test_a_small_object_carries_its_sha256_as_object_metadata(recording_client, s3_client, s3_bucket) -> None:
    _, bucket = s3_bucket
    store = S3ArtifactStore(recording_client, bucket)
    stored = await store.put_bytes("jobs/j1/e/fields.json", b'{"summary":"Summary"}')
    assert stored.sha256 == hashlib.sha256(b'{"summary":"Summary"}').hexdigest()
    assert stored.uri == "minio:jobs/j1/e/fields.json"

    head = await s3_client.head_object(Bucket=bucket, Key="jobs/j1/e/fields.json")
    assert head["ResponseMetadata"]["HTTPHeaders"]["x-amz-meta-sha256"] == stored.sha256
    assert head["ContentType"] == "application/json"
    assert await store.stat("jobs/j1/e/fields.json") == stored
    assert await read_all(store, "jobs/j1/e/fields.json") == b'{"summary":"Summary"}'
    assert [name for name, _ in recording_client.calls][:1] == ["put_object"]


async def test_a_large_stream_goes_up_in_parts_then_gets_its_sha256(recording_client, s3_bucket) -> None:
    _, bucket = s3_bucket
    store = S3ArtifactStore(recording_client, bucket, tuning=SMALL_PARTS)
    stored = await store.put_stream("attachments/c1/10001", pieces(BIG), content_type="video/mp4")

    assert (stored.size, stored.sha256, stored.content_type) == (len(BIG), BIG_SHA256, "video/mp4")
    sizes = [len(call["Body"]) for call in recording_client.named("upload_part")]
    assert sizes == [5 * MiB, 5 * MiB, 1 * MiB + 12_345]
    assert len(recording_client.named("complete_multipart_upload")) == 1
    assert not recording_client.named("put_object")
    [copy] = recording_client.named("copy_object")
    assert (copy["MetadataDirective"], copy["Metadata"]) == ("REPLACE", {"sha256": BIG_SHA256})
    assert await store.stat("attachments/c1/10001") == stored
    assert hashlib.sha256(await read_all(store, "attachments/c1/10001")).hexdigest() == BIG_SHA256


async def test_a_large_file_goes_up_in_parts_with_its_sha256_from_the_start(
    recording_client, s3_bucket, tmp_path: Path
) -> None:
    _, bucket = s3_bucket
    source = tmp_path / "export.zip"
    source.write_bytes(BIG)
    store = S3ArtifactStore(recording_client, bucket, tuning=SMALL_PARTS)
    stored = await store.put_file("jobs/j1/e.zip", source)

    assert (stored.sha256, stored.content_type) == (BIG_SHA256, "application/zip")
    [create] = recording_client.named("create_multipart_upload")
    assert create["Metadata"] == {"sha256": BIG_SHA256}
    assert len(recording_client.named("upload_part")) == 3
    assert not recording_client.named("copy_object")
    assert await store.stat("jobs/j1/e.zip") == stored

    target = tmp_path / "downloaded" / "e.zip"
    await store.get_to_file("jobs/j1/e.zip", target)
    assert target.read_bytes() == BIG


async def test_beyond_the_copy_limit_metadata_is_rewritten_with_part_copies(recording_client, s3_bucket) -> None:
    _, bucket = s3_bucket
    tuning = S3Tuning(multipart_threshold=5 * MiB, part_size=5 * MiB, copy_limit=5 * MiB, copy_part_size=5 * MiB)
    store = S3ArtifactStore(recording_client, bucket, tuning=tuning)
    stored = await store.put_stream("attachments/c1/big", pieces(BIG))

    ranges = [call["CopySourceRange"] for call in recording_client.named("upload_part_copy")]
    assert ranges == [f"bytes=0-{5 * MiB - 1}", f"bytes={5 * MiB}-{10 * MiB - 1}", f"bytes={10 * MiB}-{len(BIG) - 1}"]
    assert not recording_client.named("copy_object")
    assert (await store.stat("attachments/c1/big")).sha256 == BIG_SHA256 == stored.sha256
    assert await read_all(store, "attachments/c1/big", start=len(BIG) - 100) == BIG[-100:]


async def test_a_failing_stream_aborts_the_upload_and_leaves_the_key_as_it_was(
    recording_client, s3_client, s3_bucket
) -> None:
    _, bucket = s3_bucket
    store = S3ArtifactStore(recording_client, bucket, tuning=SMALL_PARTS)
    previous = await store.put_bytes("attachments/c1/10002", b"earlier complete copy")
    with pytest.raises(ConnectionResetError):
        await store.put_stream("attachments/c1/10002", pieces(BIG, fail_at=11 * MiB))
    with pytest.raises(ConnectionResetError):
        await store.put_stream("attachments/c1/10003", pieces(BIG, fail_at=11 * MiB))

    assert len(recording_client.named("upload_part")) == 4  # two parts each went up before the failure
    assert len(recording_client.named("abort_multipart_upload")) == 2
    assert not recording_client.named("complete_multipart_upload")
    assert await pending_uploads(s3_client, bucket) == []
    assert await store.stat("attachments/c1/10002") == previous
    assert await read_all(store, "attachments/c1/10002") == b"earlier complete copy"
    assert await store.stat("attachments/c1/10003") is None


async def test_a_failing_part_aborts_the_upload_with_a_storage_error(recording_client, s3_client, s3_bucket) -> None:
    _, bucket = s3_bucket

    async def refuse_second_part(real, arguments):
        if arguments["PartNumber"] == 2:  # what botocore raises once its own retries are spent
            raise ClientError({"Error": {"Code": "InternalError", "Message": "try again"}}, "UploadPart")
        return await real(**arguments)

    recording_client.interceptors["upload_part"] = refuse_second_part
    store = S3ArtifactStore(recording_client, bucket, tuning=SMALL_PARTS)
    with pytest.raises(StorageError, match=r"part 2 of 'jobs/j1/e/issues\.json' failed: InternalError try again"):
        await store.put_bytes("jobs/j1/e/issues.json", BIG)
    assert len(recording_client.named("abort_multipart_upload")) == 1
    assert await pending_uploads(s3_client, bucket) == []
    assert await store.stat("jobs/j1/e/issues.json") is None


async def test_a_cancelled_upload_is_aborted(recording_client, s3_client, s3_bucket) -> None:
    _, bucket = s3_bucket
    two_parts_sent = asyncio.Event()

    async def slow_stream() -> AsyncIterator[bytes]:
        async for piece in pieces(BIG):
            yield piece
        if len(recording_client.named("upload_part")) >= 2:
            two_parts_sent.set()
        await asyncio.sleep(60)

    store = S3ArtifactStore(recording_client, bucket, tuning=SMALL_PARTS)
    task = asyncio.create_task(store.put_stream("attachments/c1/cancelled", slow_stream()))
    await asyncio.wait_for(two_parts_sent.wait(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(recording_client.named("abort_multipart_upload")) == 1
    assert await pending_uploads(s3_client, bucket) == []
    assert await store.stat("attachments/c1/cancelled") is None


async def test_ranged_reads_send_range_requests_and_behave_like_slices(recording_client, s3_bucket) -> None:
    _, bucket = s3_bucket
    store = S3ArtifactStore(recording_client, bucket, tuning=SMALL_PARTS)
    await store.put_bytes("blob", BIG)
    recording_client.calls.clear()
    for start, end in [(0, 10), (5 * MiB - 3, 5 * MiB + 3), (len(BIG) - 1, None), (len(BIG), None),
                       (len(BIG) + 10, None), (len(BIG) - 5, len(BIG) + 5), (100, 100)]:
        assert await read_all(store, "blob", start=start, end=end) == BIG[start:end], (start, end)
    ranges = [call.get("Range") for call in recording_client.named("get_object")]
    assert ranges[:2] == ["bytes=0-9", f"bytes={5 * MiB - 3}-{5 * MiB + 2}"]
    with pytest.raises(ArtifactNotFound):
        await read_all(store, "missing")
    with pytest.raises(ArtifactNotFound):
        await read_all(store, "missing", start=3, end=3)


class DroppingBody:
    """A response body whose connection drops after the first chunk."""

    def __init__(self, body: Any) -> None:
        self.body = body

    async def __aenter__(self) -> "DroppingBody":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.body.__aexit__(*exc_info)

    async def iter_chunks(self, size: int) -> AsyncIterator[bytes]:
        # A socket read may return fewer bytes than asked; collect one full chunk so the resume offset is exact.
        chunk = b""
        while len(chunk) < size:
            piece = await self.body.read(size - len(chunk))
            if not piece:
                break
            chunk += piece
        yield chunk
        raise ResponseStreamingError(error="connection reset by peer")


async def test_a_dropped_download_resumes_from_where_it_stopped(recording_client, s3_bucket) -> None:
    _, bucket = s3_bucket
    store = S3ArtifactStore(recording_client, bucket, tuning=S3Tuning(read_chunk=64 * 1024, read_attempts=3))
    data = os.urandom(300_000)
    await store.put_bytes("attachments/c1/flaky", data)
    drops = 0

    async def drop_twice(real, arguments):
        nonlocal drops
        response = await real(**arguments)
        if drops < 2:
            drops += 1
            response["Body"] = DroppingBody(response["Body"])
        return response

    recording_client.interceptors["get_object"] = drop_twice
    assert await read_all(store, "attachments/c1/flaky", start=10) == data[10:]
    first, second, third = recording_client.named("get_object")
    assert (first["Range"], "IfMatch" in first) == ("bytes=10-", False)
    assert second["Range"] == f"bytes={10 + 64 * 1024}-"
    assert third["Range"] == f"bytes={10 + 2 * 64 * 1024}-"
    assert second["IfMatch"] == third["IfMatch"]  # resumes only the same object, never a replacement

    drops = -10  # more drops than attempts: a clear error, not a silently short file
    with pytest.raises(StorageError, match="kept failing"):
        await read_all(store, "attachments/c1/flaky")


async def test_delete_prefix_and_list_work_in_pages_and_batches(recording_client, s3_bucket) -> None:
    _, bucket = s3_bucket
    store = S3ArtifactStore(recording_client, bucket, tuning=S3Tuning(delete_batch=7, list_page=10))
    doomed = [f"jobs/j1/e/part-{index:03}.ndjson" for index in range(50)]
    survivors = ["jobs/j10/keep.json", "jobs/j1.zip", "jobs/j2/keep.json"]
    await asyncio.gather(*(store.put_bytes(key, b"{}\n") for key in doomed + survivors))

    listed = [item async for item in store.list("jobs/j1/")]
    assert [item.key for item in listed] == doomed
    assert {(item.size, item.sha256, item.content_type) for item in listed} == {(3, None, None)}
    assert await store.delete_prefix("jobs/j1/") == 50
    assert [len(call["Delete"]["Objects"]) for call in recording_client.named("delete_objects")] == [7] * 7 + [1]
    assert [item.key async for item in store.list("")] == sorted(survivors)


async def test_a_key_prefix_keeps_the_store_inside_its_part_of_the_bucket(s3_client, s3_bucket) -> None:
    _, bucket = s3_bucket
    store = S3ArtifactStore(s3_client, bucket, prefix="tenant-a/")
    stored = await store.put_bytes("jobs/j1/e/issues.json", b"[]")
    assert stored.uri == "minio:jobs/j1/e/issues.json"
    raw = await s3_client.list_objects_v2(Bucket=bucket)
    assert [item["Key"] for item in raw["Contents"]] == ["tenant-a/jobs/j1/e/issues.json"]
    assert [item.key async for item in store.list("")] == ["jobs/j1/e/issues.json"]
    assert await store.delete_prefix("") == 1


async def test_requests_use_path_style_addressing(s3_settings: Settings, s3_bucket) -> None:
    endpoint, bucket = s3_bucket
    urls: list[str] = []
    session = get_session()
    session.register("before-send.s3", lambda request, **_: urls.append(request.url))
    async with open_artifact_store(s3_settings, session=session) as store:
        await store.put_bytes("jobs/j1/e/manifest.json", b"{}")
        assert await store.exists("jobs/j1/e/manifest.json")
    assert urls[0] == f"{endpoint}/{bucket}"  # the bucket check
    assert f"{endpoint}/{bucket}/jobs/j1/e/manifest.json" in urls


async def test_a_missing_bucket_is_an_error_naming_the_setting_unless_creation_is_asked(
    s3_settings: Settings, s3_client
) -> None:
    settings = Settings(**{**{f: getattr(s3_settings, f) for f in s3_settings.__struct_fields__},
                           "s3_bucket": f"{s3_settings.s3_bucket}-absent"})
    with pytest.raises(StorageConfigError, match="JIRA_EXTRACTOR_S3_BUCKET") as raised:
        async with open_artifact_store(settings):
            pass
    assert "does not exist" in str(raised.value)
    try:
        async with open_artifact_store(settings, create_bucket=True) as store:
            await store.put_bytes("probe", b"1")
            assert await store.exists("probe")
            await store.delete("probe")
    finally:
        await s3_client.delete_bucket(Bucket=settings.s3_bucket)
