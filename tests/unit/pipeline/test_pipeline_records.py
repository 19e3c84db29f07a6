"""Which fields are asked for, and how a completed Jira issue becomes the record every writer reads."""

from jiraex_shared.contracts.commands import ExportInclude
from jiraex_shared.pipeline.fetch_fields import fields_to_fetch
from jiraex_shared.pipeline.issue_record import build_record


def test_everything_by_default() -> None:
    assert fields_to_fetch(None, ExportInclude()) == ["*all"]


def test_left_out_parts_are_not_fetched() -> None:
    include = ExportInclude(comments=False, worklogs=False)
    assert fields_to_fetch(None, include) == ["*all", "-comment", "-worklog"]


def test_a_selection_keeps_what_the_pipeline_needs() -> None:
    fetched = fields_to_fetch(("status", "summary", "customfield_10100"), ExportInclude(worklogs=False))
    assert fetched == ["status", "summary", "customfield_10100", "attachment", "comment"]


def test_embedded_pages_become_complete_top_level_lists() -> None:
    issue = {
        "id": "10001",
        "key": "A-1",
        "fields": {
            "summary": "s",
            "comment": {"comments": [{"id": "1"}, {"id": "2"}], "total": 2, "startAt": 0, "maxResults": 2},
            "worklog": {"worklogs": [{"id": "9"}], "total": 1},
            "attachment": [{"id": "5"}],
        },
    }
    record = build_record(issue, changelog=[{"id": "100"}], attachments=[])
    assert record["fields"] == {"summary": "s", "attachment": [{"id": "5"}]}
    assert [c["id"] for c in record["comments"]] == ["1", "2"]
    assert record["worklogs"] == [{"id": "9"}]
    assert record["changelog"] == [{"id": "100"}]
    assert (record["id"], record["key"]) == ("10001", "A-1")


def test_missing_pages_are_empty_lists() -> None:
    record = build_record({"id": 7, "fields": {}}, changelog=[], attachments=[])
    assert (record["comments"], record["worklogs"], record["key"]) == ([], [], "7")
