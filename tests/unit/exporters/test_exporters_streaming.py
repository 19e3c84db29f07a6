"""Writers stream: memory stays flat however many issues pass through them."""

import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest

RECORDS = 20_000


def synthetic(count: int) -> Iterator[dict[str, Any]]:
    """Records built one at a time, each with rich text, a comment, a history entry, a worklog and a file."""
    user = {"accountId": "5b10a2844c20165700ede21g", "displayName": "Mia Krystof"}
    for number in range(1, count + 1):
        text = f"Issue {number} needs work on the export pipeline; see the comments below."
        doc = {
            "type": "doc",
            "version": 1,
            "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]}],
        }
        yield {
            "id": str(10000 + number),
            "key": f"BIG-{number}",
            "fields": {
                "summary": f"Synthetic issue {number}",
                "status": {"name": "Done", "id": "3"},
                "assignee": user,
                "description": doc,
                "labels": ["load", f"batch-{number % 7}"],
                "customfield_10100": {"value": "Platform"},
                "customfield_10200": f"Team text {number}",
                "customfield_10016": float(number % 13),
            },
            "comments": [
                {"id": str(c), "author": user, "created": "2024-01-02T10:00:00.000+0000", "body": doc}
                for c in range(1)
            ],
            "changelog": [
                {
                    "id": str(h),
                    "author": user,
                    "created": "2024-01-03T10:00:00.000+0000",
                    "items": [{"field": "status", "fromString": "To Do", "toString": "Done"}],
                }
                for h in range(1)
            ],
            "worklogs": [
                {"id": "1", "author": user, "timeSpent": "1h", "timeSpentSeconds": 3600, "comment": doc}
            ],
            "attachments": [
                {
                    "id": str(number),
                    "filename": "log.txt",
                    "size": 10,
                    "mimeType": "text/plain",
                    "sha256": "0" * 64,
                    "path": f"attachments/BIG-{number}/log.txt",
                }
            ],
        }


def size_of_held_records(count: int) -> int:
    tracemalloc.start()
    try:
        held = list(synthetic(count))
        size = tracemalloc.get_traced_memory()[0]
        assert len(held) == count
    finally:
        tracemalloc.stop()
    return size


@pytest.mark.slow
def test_memory_stays_flat_across_20000_records(tmp_path, make_context, run_writers):
    holding_all = size_of_held_records(1_000) * (RECORDS // 1_000)
    context = make_context()
    tracemalloc.start()
    try:
        run_writers(tmp_path / "warmup", context, synthetic(10))
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        produced = run_writers(tmp_path / "out", context, synthetic(RECORDS))
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
    assert len(produced) == 12
    assert (tmp_path / "out" / "issues.ndjson").read_bytes().count(b"\n") == RECORDS
    assert len(list((tmp_path / "out" / "html" / "issues").iterdir())) == RECORDS
    # Holding the records alone would take ~holding_all bytes; the writers must need a small fraction.
    assert peak < 6 * 1024 * 1024, f"peak {peak} bytes"
    assert peak * 20 < holding_all, f"peak {peak} vs {holding_all} to hold every record"
