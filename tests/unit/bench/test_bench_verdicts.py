"""The memory target's arithmetic, the baseline's completeness check and the result files."""

import json
from pathlib import Path

import pytest
import results_file
from export_memory import verdicts
from naive_export import NaiveResult, completeness_gaps


def test_each_size_is_judged_against_the_smallest() -> None:
    rows = [
        {"issues": 1000, "peak_rss_mib": 200.0},
        {"issues": 10000, "peak_rss_mib": 250.0},
        {"issues": 100000, "peak_rss_mib": 300.0},
    ]
    checks = verdicts(rows)
    assert [c["allowed_mib"] for c in checks] == [260.0, 260.0]
    assert [c["met"] for c in checks] == [True, False]
    assert checks[0]["growth_mib_per_1k_issues"] == round(50 / 9, 2)


def result(digests: dict) -> NaiveResult:
    return NaiveResult(issues=len(digests), comments=0, histories=0, worklogs=0, attachments=0,
                       attachment_bytes=0, wall_s=1.0, cpu_s=1.0, digests=digests)


TRUTH = [{"key": "A-1", "comments": 3, "histories": 2, "worklogs": 0,
          "attachments": [{"id": "10", "sha256": "aa"}]}]


def test_a_complete_baseline_has_no_gaps() -> None:
    got = {"A-1": {"comments": 3, "histories": 2, "worklogs": 0, "attachments": {"10": "aa"}}}
    assert completeness_gaps(result(got), TRUTH) == []


def test_missing_items_and_wrong_bytes_are_gaps() -> None:
    got = {"A-1": {"comments": 2, "histories": 2, "worklogs": 0, "attachments": {"10": "bb"}}}
    assert completeness_gaps(result(got), TRUTH) == [
        "A-1: 2 comments, expected 3",
        "A-1: attachment digests differ",
    ]
    assert completeness_gaps(result({}), TRUTH) == ["issue keys differ: 0 exported, 1 expected"]


def test_result_files_keep_number_lists_on_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results_file, "RESULTS", tmp_path)
    payload = {"per_second": [[0, 20, 0], [1, 19, 1]], "speedups": [9.5, 9.25], "names": ["a", "b"]}
    path = results_file.write_result("demo", payload)
    text = path.read_text()
    assert "[0, 20, 0]" in text
    assert "[9.5, 9.25]" in text
    document = json.loads(text)
    assert document["benchmark"] == "demo"
    assert {k: document[k] for k in payload} == payload
