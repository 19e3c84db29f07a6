"""CSV: safe in spreadsheets, readable values, fixed human column names, RFC 4180 quoting."""

import csv
import io

import pytest

from jiraex_shared.contracts.commands import ExportInclude
from jiraex_shared.exporters.csv_cells import neutralise, safe_cell
from jiraex_shared.exporters.field_names import FieldDictionary


def read_rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-1+2", "'-1+2"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1+1", "'＝1+1"),
        ("-3", "-3"),
        ("+4.5", "+4.5"),
        ("-1e5", "-1e5"),
        ("plain = text", "plain = text"),
        ("", ""),
    ],
)
def test_formula_cells_are_neutralised_but_numbers_stay(cell, expected):
    assert neutralise(cell) == expected


def test_unwritable_characters_are_replaced():
    assert safe_cell("a\x00b\ud800c") == "ab\ufffdc"


def test_payloads_in_every_file_are_neutralised(tmp_path, make_context, run_writers, tiny_record):
    record = tiny_record(1, summary="=1+2;=A1", labels=["@SUM(1)", "ok"], customfield_10200="-2+3")
    record["comments"][0]["body"] = "=cmd|' /C calc'!A0"
    record["comments"][0]["author"] = {"displayName": '=HYPERLINK("http://x","Ada")', "accountId": "z"}
    run_writers(tmp_path, make_context(api_version=2), [record], ["csv"])
    issues = read_rows(tmp_path / "csv" / "issues.csv")
    row = dict(zip(issues[0], issues[1], strict=True))
    assert row["Summary"] == "'=1+2;=A1"
    assert row["Labels"] == "'@SUM(1); ok"
    assert row["Team [customfield_10200]"] == "'-2+3"
    comment = read_rows(tmp_path / "csv" / "comments.csv")[1]
    assert comment[5] == '\'=HYPERLINK("http://x","Ada")'
    assert comment[-1] == "'=cmd|' /C calc'!A0"


def test_headers_from_jira_are_neutralised_too(tmp_path, make_context, run_writers):
    fields = [{"id": "customfield_1", "name": "=evil()", "custom": True, "schema": {}}]
    run_writers(tmp_path, make_context(fields=fields), [], ["csv"])
    assert read_rows(tmp_path / "csv" / "issues.csv")[0] == ["Issue key", "Issue id", "'=evil()"]


def test_bom_is_optional(tmp_path, make_context, run_writers, tiny_record):
    run_writers(tmp_path / "plain", make_context(), [tiny_record()], ["csv"])
    run_writers(tmp_path / "bom", make_context(csv_bom=True), [tiny_record()], ["csv"])
    for name in ("issues", "comments", "changelog", "worklogs", "attachments"):
        assert not (tmp_path / "plain" / "csv" / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        bom = (tmp_path / "bom" / "csv" / f"{name}.csv").read_bytes()
        assert bom.startswith(b"\xef\xbb\xbfIssue key,")


def test_multiline_and_quoted_values_round_trip_with_crlf(tmp_path, make_context, run_writers, tiny_record):
    text = 'line one\nline two\r\nsays "hi", then ; and \t'
    run_writers(tmp_path, make_context(), [tiny_record(1, customfield_10200=text)], ["csv"])
    raw = (tmp_path / "csv" / "issues.csv").read_bytes()
    assert raw.count(b"\r\n") >= 2 and b'"line one\nline two\r\nsays ""hi"", then ; and \t"' in raw
    assert read_rows(tmp_path / "csv" / "issues.csv")[1][-1] == text


def test_duplicate_field_names_are_disambiguated_by_id():
    dictionary = FieldDictionary(
        [
            {"id": "customfield_10100", "name": "Team"},
            {"id": "customfield_10200", "name": "team"},
            {"id": "customfield_3", "name": "Issue key"},
            {"id": "summary", "name": "Summary"},
        ]
    )
    assert dictionary.label("customfield_10100") == "Team [customfield_10100]"
    assert dictionary.label("customfield_10200") == "team [customfield_10200]"
    assert dictionary.label("customfield_3") == "Issue key [customfield_3]"
    assert dictionary.label("summary") == "Summary"
    assert dictionary.label("customfield_404") == "customfield_404"


def test_columns_are_fixed_up_front_whatever_the_records_hold(
    tmp_path, make_context, run_writers, tiny_record
):
    odd = tiny_record(2)
    odd["fields"] = {"summary": "only a summary", "customfield_999": "not in the dictionary"}
    run_writers(tmp_path, make_context(), [tiny_record(1), odd], ["csv"])
    rows = read_rows(tmp_path / "csv" / "issues.csv")
    assert len({len(row) for row in rows}) == 1
    assert rows[2][:4] == ["DEMO-2", "10002", "only a summary", ""]


def test_selected_fields_keep_the_users_order_and_accept_names(
    tmp_path, make_context, run_writers, tiny_record
):
    context = make_context(
        selected_fields=["customfield_10016", "status", "Team", "-customfield_10200", "comment"]
    )
    run_writers(tmp_path, context, [tiny_record()], ["csv"])
    rows = read_rows(tmp_path / "csv" / "issues.csv")
    assert rows[0] == ["Issue key", "Issue id", "Story Points", "Status", "Team [customfield_10100]"]
    assert rows[1] == ["DEMO-1", "10001", "3", "To Do", "Platform"]


def test_wiki_markup_on_v2_becomes_plain_text(tmp_path, make_context, run_writers, tiny_record):
    record = tiny_record(1, description="h1. Title\n*bold* and [docs|https://x.org] \\*not bold\\*")
    record["comments"][0]["body"] = "_fine_ by me"
    run_writers(tmp_path, make_context(api_version=2), [record], ["csv"])
    row = read_rows(tmp_path / "csv" / "issues.csv")[1]
    assert row[6] == "Title\nbold and docs (https://x.org) *not bold*"
    assert read_rows(tmp_path / "csv" / "comments.csv")[1][-1] == "fine by me"


def test_a_history_without_items_still_gets_a_row(tmp_path, make_context, run_writers, tiny_record):
    record = tiny_record()
    record["changelog"].append({"id": "8", "created": "2024-02-01T00:00:00.000+0000", "items": []})
    run_writers(tmp_path, make_context(), [record], ["csv"])
    rows = read_rows(tmp_path / "csv" / "changelog.csv")
    assert [row[2] for row in rows[1:]] == ["7", "8"]


def test_only_included_parts_get_files(tmp_path, make_context, run_writers, tiny_record):
    context = make_context(
        include=ExportInclude(comments=False, changelog=False, worklogs=True, attachments=False)
    )
    produced = run_writers(tmp_path, context, [tiny_record()], ["csv"])
    assert sorted(p.as_posix() for p in produced) == ["csv/issues.csv", "csv/worklogs.csv"]
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["issues.csv", "worklogs.csv"]


def test_real_server_issue_flattens_readably(tmp_path, make_context, run_writers, load_fixture):
    sample = load_fixture("issue-with-changelog-names-schema-jrjc.json")
    fields = [{"id": k, "name": v, "schema": sample["schema"].get(k, {})} for k, v in sample["names"].items()]
    record = {
        "id": sample["id"],
        "key": sample["key"],
        "fields": sample["fields"],
        "changelog": sample["changelog"]["histories"],
        "comments": [],
        "worklogs": [],
        "attachments": [],
    }
    context = make_context(fields=fields, api_version=2, deployment="server")
    run_writers(tmp_path, context, [record], ["csv"])
    header, row = read_rows(tmp_path / "csv" / "issues.csv")
    values = dict(zip(header, row, strict=True))
    assert values["Reporter"] == "User One"
    assert values["Radio Field"] == "Two"
    assert values["Issue Type"] == "New Feature"
    assert values["Due Date"] == "2012-04-13"
    assert values["Votes"] == "0"
    assert "{" not in "".join(row), "no raw JSON objects in cells"
    changes = read_rows(tmp_path / "csv" / "changelog.csv")
    assert len(changes) - 1 == sum(len(h["items"]) for h in sample["changelog"]["histories"])


def test_csv_text_is_valid_utf8_for_any_input(tmp_path, make_context, run_writers, tiny_record):
    record = tiny_record(1, summary="lone \ud800 surrogate", customfield_10200="nul\x00byte 🐧 שלום")
    run_writers(tmp_path, make_context(), [record], ["csv"])
    text = (tmp_path / "csv" / "issues.csv").read_bytes().decode("utf-8")
    assert "lone \ufffd surrogate" in text and "nulbyte 🐧 שלום" in text
    assert list(csv.reader(io.StringIO(text)))[1][2] == "lone \ufffd surrogate"
