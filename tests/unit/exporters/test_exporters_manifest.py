"""manifest.json (the completeness receipt) and fields.json (the field dictionary)."""

import hashlib
import json
from datetime import UTC, datetime

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.exporters import (
    ExportWarning,
    is_complete,
    iter_produced_files,
    record_counts,
    write_fields,
    write_manifest,
)

FINISHED = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)


def test_manifest_records_request_counts_files_and_warnings(tmp_path, make_context, run_writers, tiny_record):
    context = make_context()
    records = [tiny_record(1), tiny_record(2)]
    run_writers(tmp_path, context, records, ["json", "csv"])
    write_fields(tmp_path, context)
    counts = ExportCounts(
        issues_expected=3,
        issues_exported=2,
        comments=2,
        histories=2,
        worklogs=2,
        attachments=2,
        attachment_bytes=6,
    )
    warnings = [
        ExportWarning(
            code="attachment_failed", message="HTTP 404 from media", issue_key="DEMO-2", item_id="99"
        )
    ]
    receipt = write_manifest(
        tmp_path, context, counts, iter_produced_files(tmp_path), iter(warnings), finished_at=FINISHED
    )
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert receipt == {k: v for k, v in manifest.items() if k not in ("files", "warnings")}
    assert manifest["jql"] == "project = DEMO ORDER BY key"
    assert manifest["base_url"] == "https://example.atlassian.net"
    assert (manifest["deployment"], manifest["version"], manifest["api_version"]) == (
        "cloud",
        "1001.0.0-SNAPSHOT",
        3,
    )
    assert (
        manifest["started_at"] == "2024-05-01T12:00:00Z" and manifest["finished_at"] == "2024-05-01T12:30:00Z"
    )
    assert manifest["counts"] == {
        "issues_expected": 3,
        "issues_exported": 2,
        "comments": 2,
        "histories": 2,
        "worklogs": 2,
        "attachments": 2,
        "attachment_bytes": 6,
    }
    assert (
        manifest["complete"] is False and manifest["missing_issues"] == 1 and manifest["warning_count"] == 1
    )
    assert manifest["warnings"] == [
        {
            "code": "attachment_failed",
            "message": "HTTP 404 from media",
            "issue_key": "DEMO-2",
            "item_id": "99",
        }
    ]
    listed = {f["path"]: f for f in manifest["files"]}
    assert sorted(listed) == [
        "csv/attachments.csv",
        "csv/changelog.csv",
        "csv/comments.csv",
        "csv/issues.csv",
        "csv/worklogs.csv",
        "fields.json",
        "issues.json",
    ]
    for relative, entry in listed.items():
        data = (tmp_path / relative).read_bytes()
        assert entry["size"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert list(manifest) == sorted(manifest)


def test_complete_only_without_gaps(tmp_path, make_context):
    full = ExportCounts(issues_expected=2, issues_exported=2)
    assert is_complete(full, 0)
    assert not is_complete(full, 1)
    assert not is_complete(ExportCounts(issues_expected=2, issues_exported=1), 0)
    write_manifest(tmp_path, make_context(), full, [], [], finished_at=FINISHED)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["complete"] is True and manifest["files"] == [] and manifest["warnings"] == []


def test_record_counts_add_up(tiny_record):
    record = tiny_record(1)
    record["attachments"].append({"id": "100", "filename": "big.bin", "size": 10, "path": None})
    counts = record_counts(record)
    assert (counts.issues_exported, counts.comments, counts.histories, counts.worklogs) == (1, 1, 1, 1)
    assert (counts.attachments, counts.attachment_bytes) == (1, 3), "only downloaded attachments count"


def test_fields_file_maps_ids_to_names_types_and_columns(tmp_path, make_context, load_fixture):
    context = make_context(fields=load_fixture("fields-cloud-jira-cli.json"))
    fields = json.loads(write_fields(tmp_path, context).read_text(encoding="utf-8"))
    assert list(fields) == ["customfield_10111", "fixVersions", "timespent"]
    assert fields["customfield_10111"] == {
        "name": "Original story points",
        "column": "Original story points",
        "custom": True,
        "type": "number",
        "items": None,
        "system": None,
        "custom_type": "com.atlassian.jpo:jpo-custom-field-original-story-points",
        "custom_id": 10111,
        "clause_names": ["cf[10111]", "Original story points"],
    }
    assert fields["fixVersions"]["items"] == "version" and fields["fixVersions"]["custom"] is False


def test_fields_file_disambiguates_duplicate_names(tmp_path, make_context):
    fields = json.loads(write_fields(tmp_path, make_context()).read_text(encoding="utf-8"))
    assert fields["customfield_10100"]["column"] == "Team [customfield_10100]"
    assert fields["customfield_10200"]["column"] == "Team [customfield_10200]"
