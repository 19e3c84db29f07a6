"""One behaviour, two adapters: every test here runs against the local store and the S3 store alike."""

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiobotocore.session import AioSession

from jiraex_shared.settings import Settings
from jiraex_shared.storage import (
    ArtifactNotFound,
    ArtifactStore,
    InvalidKey,
    LocalArtifactStore,
    S3ArtifactStore,
    open_artifact_store,
)


@pytest.fixture
async def local_store(tmp_path: Path) -> AsyncIterator[ArtifactStore]:
    async with open_artifact_store(Settings(data_dir=str(tmp_path / "data"))) as opened:
        assert isinstance(opened, LocalArtifactStore)
        yield opened


@pytest.fixture
async def s3_store(s3_settings: Settings, aio_session: AioSession) -> AsyncIterator[ArtifactStore]:
    async with open_artifact_store(s3_settings, session=aio_session) as opened:
        assert isinstance(opened, S3ArtifactStore)
        yield opened


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.integration)])
def store(request: pytest.FixtureRequest) -> ArtifactStore:
    # A plain fixture choosing between two async ones: only the chosen adapter's services are needed.
    return request.getfixturevalue(f"{request.param}_store")


async def chunks(*parts: bytes, fail_after: int | None = None) -> AsyncIterator[bytes]:
    for index, part in enumerate(parts):
        if index == fail_after:
            raise ConnectionResetError("source dropped")
        yield part


async def read_all(store: ArtifactStore, key: str, **kwargs: Any) -> bytes:
    return b"".join([chunk async for chunk in store.open_read(key, **kwargs)])


async def test_every_put_round_trips_with_the_same_description(store: ArtifactStore, tmp_path: Path) -> None:
    source = tmp_path / "issues.csv"
    source.write_bytes(b"Key,Summary\nPROJ-1,Hello\n")
    results = [
        await store.put_bytes("jobs/j1/e/a.json", b'{"a":1}'),
        await store.put_stream("jobs/j1/e/b.ndjson", chunks(b'{"b":', b"", b"2}\n")),
        await store.put_file("jobs/j1/e/csv/issues.csv", source),
        await store.put_bytes("attachments/c1/10001", b"\x89PNG", content_type="image/png"),
        await store.put_bytes("jobs/j1/e/empty.txt", b""),
    ]
    expected = [
        (b'{"a":1}', "application/json"),
        (b'{"b":2}\n', "application/x-ndjson"),
        (b"Key,Summary\nPROJ-1,Hello\n", "text/csv; charset=utf-8"),
        (b"\x89PNG", "image/png"),
        (b"", "text/plain; charset=utf-8"),
    ]
    for stored, (data, content_type) in zip(results, expected, strict=True):
        assert (stored.size, stored.sha256, stored.content_type) == (
            len(data), hashlib.sha256(data).hexdigest(), content_type,
        )
        assert await store.stat(stored.key) == stored
        assert await store.exists(stored.key)
        assert await read_all(store, stored.key) == data
        assert store.key_from_uri(stored.uri) == stored.key
        target = tmp_path / "out" / stored.key.replace("/", "_")
        await store.get_to_file(stored.key, target)
        assert target.read_bytes() == data


async def test_uris_name_minio_keys_or_absolute_paths(store: ArtifactStore) -> None:
    uri = store.uri("jobs/j1/e/issues.json")
    if isinstance(store, S3ArtifactStore):
        assert uri == "minio:jobs/j1/e/issues.json"
    else:
        assert Path(uri).is_absolute()
        assert uri.endswith("/exports/jobs/j1/e/issues.json")


async def test_ranges_are_slices(store: ArtifactStore) -> None:
    data = bytes(range(256)) * 40
    await store.put_bytes("blob", data)
    for start, end in [(0, None), (0, 1), (100, 200), (len(data) - 1, None), (len(data), None),
                       (len(data) + 5, None), (50, 50), (len(data) - 3, len(data) + 100)]:
        assert await read_all(store, "blob", start=start, end=end) == data[start:end], (start, end)


async def test_missing_objects(store: ArtifactStore, tmp_path: Path) -> None:
    assert await store.stat("jobs/none") is None
    assert not await store.exists("jobs/none")
    await store.delete("jobs/none")
    assert await store.delete_prefix("jobs/") == 0
    with pytest.raises(ArtifactNotFound):
        await read_all(store, "jobs/none")
    with pytest.raises(ArtifactNotFound):
        await read_all(store, "jobs/none", start=2, end=2)
    with pytest.raises(ArtifactNotFound):
        await store.get_to_file("jobs/none", tmp_path / "none")
    assert not (tmp_path / "none").exists()


async def test_a_failed_write_changes_nothing(store: ArtifactStore) -> None:
    before = await store.put_bytes("jobs/j1/e/issues.json", b"[1]")
    with pytest.raises(ConnectionResetError):
        await store.put_stream("jobs/j1/e/issues.json", chunks(b"[2", b",3", fail_after=1))
    with pytest.raises(ConnectionResetError):
        await store.put_stream("jobs/j1/e/other.json", chunks(b"[2", b"]", fail_after=1))
    assert await store.stat("jobs/j1/e/issues.json") == before
    assert await read_all(store, "jobs/j1/e/issues.json") == b"[1]"
    assert [item.key async for item in store.list("")] == ["jobs/j1/e/issues.json"]


async def test_overwrites_replace_content_and_description(store: ArtifactStore) -> None:
    await store.put_bytes("x/report.txt", b"first")
    second = await store.put_bytes("x/report.txt", b"second, longer", content_type="text/markdown")
    assert await store.stat("x/report.txt") == second
    assert await read_all(store, "x/report.txt") == b"second, longer"


async def test_listing_order_and_prefix_semantics(store: ArtifactStore) -> None:
    keys = ["jobs/1/a.json", "jobs/1/a/b.json", "jobs/10/x", "jobs/1.zip", "jobs/1-b/z", "jobs/é/x", "zz"]
    for key in keys:
        await store.put_bytes(key, b"12345")
    assert [item.key async for item in store.list("")] == sorted(keys, key=str.encode)
    assert [item.key async for item in store.list("jobs/1/")] == ["jobs/1/a.json", "jobs/1/a/b.json"]
    assert [item.key async for item in store.list("jobs/1")] == [
        "jobs/1-b/z", "jobs/1.zip", "jobs/1/a.json", "jobs/1/a/b.json", "jobs/10/x",
    ]
    listed = [item async for item in store.list("zz")]
    assert [(item.key, item.size, item.sha256, item.content_type, item.uri) for item in listed] == [
        ("zz", 5, None, None, store.uri("zz")),
    ]
    assert await store.delete_prefix("jobs/1/") == 2
    assert await store.delete_prefix("jobs/1") == 3
    assert [item.key async for item in store.list("")] == ["jobs/é/x", "zz"]


UNSAFE_KEYS = ["../x", "/abs", "a/../b", "a\\b", "a\x00b", "", "a//b", ".jiraex/meta/x"]


async def test_unsafe_keys_are_refused_by_every_operation(store: ArtifactStore, tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.write_bytes(b"x")
    for key in UNSAFE_KEYS:
        for operation in [
            store.put_bytes(key, b"x"),
            store.put_stream(key, chunks(b"x")),
            store.put_file(key, source),
            read_all(store, key),
            store.get_to_file(key, tmp_path / "target"),
            store.stat(key),
            store.exists(key),
            store.delete(key),
        ]:
            with pytest.raises(InvalidKey):
                await operation
        with pytest.raises(InvalidKey):
            store.uri(key)
    assert [item.key async for item in store.list("")] == []
    assert not (tmp_path / "target").exists()
