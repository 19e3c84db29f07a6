"""Same data in, same bytes out, in every format and the ZIP: a resumed export equals an uninterrupted one."""

import copy
import hashlib
from pathlib import Path

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.exporters import iter_produced_files, write_fields, write_manifest, write_zip
from jiraex_shared.exporters.manifest import MANIFEST_NAME


def digests(directory: Path) -> dict[str, str]:
    return {f.path: f.sha256 for f in iter_produced_files(directory, exclude=frozenset())}


def export(directory: Path, context, records, run_writers) -> str:
    run_writers(directory, context, records)
    write_fields(directory, context)
    files = iter_produced_files(directory)
    write_manifest(
        directory,
        context,
        ExportCounts(issues_expected=3, issues_exported=3),
        files,
        [],
        finished_at=context.started_at,
    )
    blob = directory.parent / f"{directory.name}-blob"
    blob.write_bytes(b"attachment bytes")
    return write_zip(
        directory.parent / f"{directory.name}.zip", directory, [("attachments/DEMO-1/shot.png", blob)]
    ).sha256


def shuffled_keys(value):
    """The same data with every dict's keys in reverse insertion order (as another Jira node might send)."""
    if isinstance(value, dict):
        return {k: shuffled_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [shuffled_keys(v) for v in value]
    return value


def test_every_format_is_byte_identical_across_runs(
    tmp_path, make_context, run_writers, tiny_record, load_fixture
):
    records = [tiny_record(1), tiny_record(2, summary="ünïcödé 😀 <b>"), tiny_record(3)]
    records[2]["fields"]["description"] = load_fixture("issue-v3-spec-example.json")["fields"]["description"]
    context = make_context()
    first_zip = export(tmp_path / "first", context, copy.deepcopy(records), run_writers)
    second_zip = export(tmp_path / "second", context, [shuffled_keys(r) for r in records], run_writers)
    first, second = digests(tmp_path / "first"), digests(tmp_path / "second")
    assert first == second
    assert {
        "issues.json",
        "issues.ndjson",
        "issues.xml",
        "csv/issues.csv",
        "html/index.html",
        "html/issues/DEMO-1.html",
        "fields.json",
        MANIFEST_NAME,
    } <= set(first)
    assert first_zip == second_zip
    assert hashlib.sha256((tmp_path / "first.zip").read_bytes()).hexdigest() == first_zip


def test_nothing_depends_on_the_clock(tmp_path, make_context, run_writers, tiny_record):
    context = make_context()
    run_writers(tmp_path / "a", context, [tiny_record(1)])
    run_writers(tmp_path / "b", context, [tiny_record(1)])
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    index = (tmp_path / "a" / "html" / "index.html").read_text(encoding="utf-8")
    assert "2024-05-01T12:00:00+00:00" in index, "the job's start time, never the wall clock"
