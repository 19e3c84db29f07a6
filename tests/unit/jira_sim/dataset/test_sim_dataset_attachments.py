"""Attachment bytes are deterministic, range-addressable and match their SHA-256 and size."""

import hashlib
import itertools
from collections import Counter
from urllib.parse import unquote

import pytest

from jiraex_jira_sim.dataset import Dataset, DatasetConfig
from jiraex_jira_sim.dataset.attachments import BLOCK


def _all(ds: Dataset) -> list:
    return [a for i in range(len(ds)) for a in ds.attachments(i)]


def test_zero_byte_and_maximum_size_attachments_exist(ds: Dataset) -> None:
    sizes = [a.size for a in _all(ds)]
    assert 0 in sizes
    assert max(sizes) == ds.config.max_attachment_bytes
    assert sum(s <= 4096 for s in sizes) > len(sizes) / 2  # most are small
    empty = next(a for a in ds.attachments(0) if a.size == 0)
    assert b"".join(ds.attachment_chunks(empty.id)) == b""
    assert ds.attachment_sha256(empty.id) == hashlib.sha256(b"").hexdigest()


def test_range_reads_concatenate_to_the_full_bytes(ds: Dataset) -> None:
    for a in _all(ds):
        if a.size < 3 * BLOCK // 2:
            continue
        full = b"".join(ds.attachment_chunks(a.id))
        assert len(full) == a.size
        assert hashlib.sha256(full).hexdigest() == ds.attachment_sha256(a.id)
        cuts = [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, a.size // 2, a.size - 1, a.size]
        pieces = [b"".join(ds.attachment_chunks(a.id, lo, hi)) for lo, hi in itertools.pairwise(cuts)]
        assert b"".join(pieces) == full
        assert all(len(p) <= BLOCK for p in ds.attachment_chunks(a.id))
        assert b"".join(ds.attachment_chunks(a.id, a.size - 10, a.size + 1000)) == full[-10:]
        break
    else:
        pytest.fail("no attachment spans more than one block")


def test_bytes_are_the_same_in_a_fresh_dataset_and_differ_between_attachments(ds: Dataset) -> None:
    again = Dataset(ds.config)
    sample = [a for a in _all(ds) if a.size > 100][:5]
    for a in sample:
        assert b"".join(again.attachment_chunks(a.id, 0, 100)) == b"".join(ds.attachment_chunks(a.id, 0, 100))
    heads = {b"".join(ds.attachment_chunks(a.id, 0, 32)) for a in sample}
    assert len(heads) == len(sample)


def test_awkward_filenames_and_duplicates_within_one_issue(ds: Dataset) -> None:
    names = {a.filename for a in _all(ds)}
    assert {"CON", "README", "../../etc/passwd"} & names
    assert any(len(n) > 200 for n in names)
    assert any(" " in n for n in names)
    assert any(not n.isascii() for n in names)
    assert any(max(Counter(a.filename for a in ds.attachments(i)).values(), default=0) > 1 for i in range(len(ds)))


def test_lookup_by_id_returns_the_owning_issue(ds: Dataset) -> None:
    for i in (0, 49, 99):
        for a in ds.attachments(i):
            assert ds.attachment(a.id) == (i, a)
    assert ds.attachment(1) is None
    assert ds.attachment(10**9) is None
    with pytest.raises(KeyError):
        ds.attachment_sha256(10**9)


def test_attachment_times_and_authors_are_plausible(ds: Dataset) -> None:
    for i in range(0, len(ds), 5):
        for a in ds.attachments(i):
            assert ds.records.created[i] <= a.created_ms <= ds.records.updated[i]
            assert 0 <= a.author_index < len(ds.users)


def test_attachment_size_cap_is_respected() -> None:
    tiny = Dataset(DatasetConfig(seed=5, issues=120, heavy_every=30, max_attachment_bytes=1000))
    assert max(a.size for i in range(len(tiny)) for a in tiny.attachments(i)) == 1000


def test_attachment_json_urls_per_deployment(ds: Dataset) -> None:
    a = next(a for a in _all(ds) if "/" in a.filename and " " not in a.filename)
    cloud = ds.renderer(3, "http://h:1/", "cloud").attachment_meta(a.id)
    server = ds.renderer(2, "http://h:1/jira", "server").attachment_meta(a.id)
    assert cloud is not None
    assert server is not None
    assert cloud["content"] == f"http://h:1/rest/api/3/attachment/content/{a.id}"
    assert cloud["id"] == a.id  # AttachmentMetadata.id is an integer
    prefix = f"http://h:1/jira/secure/attachment/{a.id}/"
    assert server["content"].startswith(prefix)
    segment = server["content"][len(prefix) :]
    assert "/" not in segment
    assert " " not in segment
    assert unquote(segment) == a.filename
    assert cloud["size"] == server["size"] == a.size
