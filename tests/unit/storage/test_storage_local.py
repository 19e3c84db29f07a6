"""The local-directory store: round trips, ranges, atomic writes, metadata, traversal rejection, listing."""

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from jiraex_shared.settings import Settings
from jiraex_shared.storage import ArtifactNotFound, InvalidKey, LocalArtifactStore, StorageError, open_artifact_store


@pytest.fixture
def store(tmp_path: Path) -> LocalArtifactStore:
    # Tiny batches and chunks so a few bytes already cross every boundary.
    return LocalArtifactStore(tmp_path / "exports", write_batch=4, read_chunk=3)


def files_under(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


async def chunks(*parts: bytes, fail_after: int | None = None) -> AsyncIterator[bytes]:
    for index, part in enumerate(parts):
        if fail_after is not None and index == fail_after:
            raise ConnectionResetError("source dropped")
        yield part


async def read_all(store: LocalArtifactStore, key: str, **kwargs: int) -> bytes:
    return b"".join([chunk async for chunk in store.open_read(key, **kwargs)])


async def test_put_stream_round_trip_records_size_sha256_and_content_type(store: LocalArtifactStore) -> None:
    stored = await store.put_stream("jobs/j1/e/issues.ndjson", chunks(b'{"a":1}\n', b"", b'{"b":2}\n'))
    data = b'{"a":1}\n{"b":2}\n'
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.content_type == "application/x-ndjson"
    assert stored.uri == str(store.root / "jobs/j1/e/issues.ndjson")
    assert (store.root / "jobs/j1/e/issues.ndjson").read_bytes() == data
    assert await read_all(store, "jobs/j1/e/issues.ndjson") == data
    assert await store.stat("jobs/j1/e/issues.ndjson") == stored


async def test_put_bytes_and_put_file_and_get_to_file(store: LocalArtifactStore, tmp_path: Path) -> None:
    source = tmp_path / "source.bin"
    source.write_bytes(os.urandom(10_000))
    from_file = await store.put_file("attachments/c/1", source, content_type="image/png")
    assert from_file.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert (await store.stat("attachments/c/1")).content_type == "image/png"
    from_bytes = await store.put_bytes("attachments/c/2", b"hello")
    assert (from_bytes.size, from_bytes.content_type) == (5, "application/octet-stream")

    target = tmp_path / "out" / "copy.bin"
    await store.get_to_file("attachments/c/1", target)
    assert target.read_bytes() == source.read_bytes()
    assert [p.name for p in target.parent.iterdir()] == ["copy.bin"]  # no temporary file left beside it
    with pytest.raises(ArtifactNotFound):
        await store.get_to_file("attachments/c/missing", tmp_path / "never.bin")
    assert not (tmp_path / "never.bin").exists()


async def test_ranged_reads_behave_like_slices(store: LocalArtifactStore) -> None:
    data = bytes(range(256)) * 4
    await store.put_bytes("blob", data)
    for start, end in [(0, None), (10, None), (0, 1), (5, 17), (1000, 1024), (1023, None), (1024, None), (7, 7),
                       (2000, None), (1000, 5000)]:
        assert await read_all(store, "blob", start=start, end=end) == data[start:end], (start, end)
    with pytest.raises(ValueError, match="range"):
        await read_all(store, "blob", start=-1)
    with pytest.raises(ValueError, match="range"):
        await read_all(store, "blob", start=5, end=4)
    with pytest.raises(ArtifactNotFound):
        await read_all(store, "missing")


async def test_a_failing_stream_leaves_no_file_and_no_temporary(store: LocalArtifactStore) -> None:
    with pytest.raises(ConnectionResetError):
        await store.put_stream("jobs/j1/e/issues.json", chunks(b"[", b"{}", b",", fail_after=2))
    assert not await store.exists("jobs/j1/e/issues.json")
    assert list(store.root.iterdir()) == []  # not even the directories made for it


async def test_concurrent_writes_into_one_new_directory_survive_failing_neighbours(store: LocalArtifactStore) -> None:
    async def write(index: int) -> None:
        await store.put_stream(f"attachments/c1/{index}", chunks(b"a", b"b", fail_after=1 if index % 2 else None))

    results = await asyncio.gather(*(write(index) for index in range(40)), return_exceptions=True)
    assert [index for index, result in enumerate(results) if result is not None] == list(range(1, 40, 2))
    assert [item.key async for item in store.list("attachments/c1/")] == sorted(
        (f"attachments/c1/{index}" for index in range(0, 40, 2)), key=str.encode
    )


async def test_a_failing_overwrite_keeps_the_previous_content(store: LocalArtifactStore) -> None:
    first = await store.put_bytes("report.csv", b"old,content\n")
    with pytest.raises(ConnectionResetError):
        await store.put_stream("report.csv", chunks(b"new", b"partial", fail_after=1))
    assert await read_all(store, "report.csv") == b"old,content\n"
    assert await store.stat("report.csv") == first
    assert files_under(store.root) == [".jiraex/meta/report.csv.json", "report.csv"]


async def test_a_cancelled_write_leaves_nothing(store: LocalArtifactStore) -> None:
    started = asyncio.Event()

    async def endless() -> AsyncIterator[bytes]:
        while True:
            yield b"x" * 10
            started.set()
            await asyncio.sleep(0.01)

    task = asyncio.create_task(store.put_stream("slow.bin", endless()))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert files_under(store.root) == []


async def test_overwriting_replaces_content_and_metadata(store: LocalArtifactStore) -> None:
    await store.put_bytes("a.txt", b"one")
    second = await store.put_bytes("a.txt", b"second version", content_type="text/markdown")
    assert await read_all(store, "a.txt") == b"second version"
    assert await store.stat("a.txt") == second


async def test_stat_rehashes_a_file_changed_behind_the_stores_back(store: LocalArtifactStore) -> None:
    await store.put_bytes("notes.txt", b"original")
    path = store.root / "notes.txt"
    path.write_bytes(b"edited by hand, longer")
    stat = await store.stat("notes.txt")
    assert stat is not None
    assert stat.sha256 == hashlib.sha256(b"edited by hand, longer").hexdigest()
    assert stat.size == len(b"edited by hand, longer")
    assert stat.content_type == "text/plain; charset=utf-8"
    assert await store.stat("missing.txt") is None
    assert not await store.exists("missing.txt")


@pytest.mark.parametrize("key", ["../escape", "/tmp/escape", "a/../../escape", "a\\..\\escape", "a\x00b", "", "a//b"])
async def test_every_operation_rejects_keys_that_could_escape_the_root(
    store: LocalArtifactStore, tmp_path: Path, key: str
) -> None:
    source = tmp_path / "source.txt"
    source.write_text("x")
    operations = [
        store.put_bytes(key, b"x"),
        store.put_stream(key, chunks(b"x")),
        store.put_file(key, source),
        read_all(store, key),
        store.get_to_file(key, tmp_path / "out"),
        store.stat(key),
        store.exists(key),
        store.delete(key),
    ]
    for operation in operations:
        with pytest.raises(InvalidKey):
            await operation
    with pytest.raises(InvalidKey):
        store.uri(key)
    assert not (tmp_path / "escape").exists()
    assert not (tmp_path / "out").exists()


async def test_prefixes_that_could_escape_are_rejected(store: LocalArtifactStore) -> None:
    for prefix in ["../", "/etc/", "a/../../"]:
        with pytest.raises(InvalidKey):
            [item async for item in store.list(prefix)]
        with pytest.raises(InvalidKey):
            await store.delete_prefix(prefix)


async def test_list_yields_keys_in_s3_order_with_string_prefix_semantics(store: LocalArtifactStore) -> None:
    keys = ["jobs/1/a.json", "jobs/1/a/b.json", "jobs/10/x", "jobs/2/y", "jobs/1.zip", "other", "jobs/1-b/z"]
    for key in keys:
        await store.put_bytes(key, key.encode())
    everything = [item.key async for item in store.list("")]
    assert everything == sorted(keys, key=lambda k: k.encode())
    assert [item.key async for item in store.list("jobs/1")] == [
        "jobs/1-b/z", "jobs/1.zip", "jobs/1/a.json", "jobs/1/a/b.json", "jobs/10/x",
    ]
    assert [item.key async for item in store.list("jobs/1/")] == ["jobs/1/a.json", "jobs/1/a/b.json"]
    assert [item.key async for item in store.list("nothing/")] == []
    listed = [item async for item in store.list("other")]
    assert [(item.size, item.sha256, item.uri) for item in listed] == [(5, None, str(store.root / "other"))]


async def test_delete_and_delete_prefix_count_objects_and_prune_empty_directories(
    store: LocalArtifactStore,
) -> None:
    for index in range(12):
        await store.put_bytes(f"jobs/j1/export/part-{index:02}.ndjson", b"{}\n")
    await store.put_bytes("jobs/j10/keep.json", b"{}")
    await store.put_bytes("jobs/j1.zip", b"zip")

    assert await store.delete_prefix("jobs/j1/", batch_size=5) == 12
    assert not (store.root / "jobs/j1").exists()
    assert not (store.root / ".jiraex/meta/jobs/j1").exists()
    assert [item.key async for item in store.list("")] == ["jobs/j1.zip", "jobs/j10/keep.json"]
    assert await store.delete_prefix("jobs/j1/") == 0

    await store.delete("jobs/j1.zip")
    await store.delete("jobs/j1.zip")  # deleting what is gone is fine
    assert [item.key async for item in store.list("")] == ["jobs/j10/keep.json"]
    assert await store.delete_prefix("") == 1
    assert files_under(store.root) == []


async def test_files_with_odd_names_put_there_by_hand_are_listed_and_cleaned_up(store: LocalArtifactStore) -> None:
    await store.put_bytes("jobs/j1/ok.json", b"{}")
    (store.root / "jobs/j1/back\\slash").write_bytes(b"x")
    assert [item.key async for item in store.list("jobs/")] == ["jobs/j1/back\\slash", "jobs/j1/ok.json"]
    assert await store.delete_prefix("jobs/") == 2
    assert files_under(store.root) == []


async def test_uri_and_key_from_uri_round_trip(store: LocalArtifactStore, tmp_path: Path) -> None:
    uri = store.uri("jobs/j1/export/issues.json")
    assert Path(uri).is_absolute()
    assert store.key_from_uri(uri) == "jobs/j1/export/issues.json"
    for foreign in [str(tmp_path / "elsewhere"), "minio:jobs/x", str(store.root / ".." / "x"), "relative/x"]:
        with pytest.raises(InvalidKey):
            store.key_from_uri(foreign)


async def test_an_object_cannot_also_be_a_directory_of_objects(store: LocalArtifactStore) -> None:
    await store.put_bytes("a", b"file")
    with pytest.raises(StorageError, match="collides"):
        await store.put_bytes("a/b", b"inside")
    await store.put_bytes("c/d", b"inside")
    with pytest.raises(StorageError, match="collides"):
        await store.put_bytes("c", b"file")
    assert [item.key async for item in store.list("")] == ["a", "c/d"]


async def test_open_artifact_store_without_a_bucket_is_local_under_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=str(tmp_path / "data"))
    async with open_artifact_store(settings) as store:
        assert isinstance(store, LocalArtifactStore)
        assert store.root == tmp_path / "data" / "exports"
        assert store.root.is_dir()
        stored = await store.put_bytes("jobs/j/e/fields.json", b"{}")
        assert stored.uri == str(tmp_path / "data/exports/jobs/j/e/fields.json")
