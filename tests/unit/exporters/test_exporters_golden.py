"""Tiny records in, exact bytes out: the JSON, NDJSON and CSV shapes are a contract."""

from pathlib import Path

from jiraex_shared.contracts.commands import ExportInclude

RECORD = {
    "id": "1",
    "key": "A-1",
    "fields": {"summary": "Hi", "b": 1, "nested": {"z": 1, "a": [2, {"y": None, "x": "é"}]}},
    "comments": [],
    "changelog": [],
    "worklogs": [],
    "attachments": [
        {
            "id": "9",
            "filename": "f.txt",
            "size": 2,
            "mimeType": "text/plain",
            "sha256": "00",
            "path": "attachments/A-1/f.txt",
            "created": "2024-01-01T00:00:00.000+0000",
            "author": None,
        }
    ],
    "renderedFields": {"summary": "not exported"},
}
DOCUMENT = (
    '{"attachments":[{"filename":"f.txt","id":"9","mimeType":"text/plain","path":"attachments/A-1/f.txt",'
    '"sha256":"00","size":2}],"changelog":[],"comments":[],'
    '"fields":{"b":1,"nested":{"a":[2,{"x":"é","y":null}],"z":1},"summary":"Hi"},"id":"1","key":"A-1","worklogs":[]}'
)


def test_json_array_is_one_sorted_object_per_line(tmp_path, make_context, run_writers):
    second = {**RECORD, "id": "2", "key": "A-2"}
    run_writers(tmp_path, make_context(), [RECORD, second], ["json"])
    expected = (
        "[\n" + DOCUMENT + ",\n" + DOCUMENT.replace('"id":"1","key":"A-1"', '"id":"2","key":"A-2"') + "\n]\n"
    )
    assert (tmp_path / "issues.json").read_text(encoding="utf-8") == expected


def test_empty_json_array_is_valid(tmp_path, make_context, run_writers):
    run_writers(tmp_path, make_context(), [], ["json", "ndjson"])
    assert (tmp_path / "issues.json").read_bytes() == b"[\n]\n"
    assert (tmp_path / "issues.ndjson").read_bytes() == b""


def test_ndjson_is_the_same_object_per_line(tmp_path, make_context, run_writers):
    run_writers(tmp_path, make_context(), [RECORD, RECORD], ["ndjson"])
    assert (tmp_path / "issues.ndjson").read_text(encoding="utf-8") == f"{DOCUMENT}\n{DOCUMENT}\n"


def test_parts_left_out_of_the_export_are_null_not_empty(tmp_path, make_context, run_writers):
    context = make_context(
        include=ExportInclude(comments=False, changelog=True, worklogs=False, attachments=False)
    )
    run_writers(tmp_path, context, [RECORD], ["ndjson"])
    line = (tmp_path / "issues.ndjson").read_text(encoding="utf-8")
    assert '"attachments":null,"changelog":[],"comments":null' in line
    assert line.endswith('"worklogs":null}\n')


def test_csv_files_are_exact(tmp_path: Path, make_context, run_writers, tiny_record):
    run_writers(tmp_path, make_context(), [tiny_record(1)], ["csv"])
    csv_dir = tmp_path / "csv"
    assert (csv_dir / "issues.csv").read_bytes() == (
        b"Issue key,Issue id,Summary,Status,Assignee,Labels,Description,Story Points,"
        b"Team [customfield_10100],Team [customfield_10200]\r\n"
        b"DEMO-1,10001,Issue 1,To Do,Mia Krystof,a; b,Hello world,3,Platform,Core\r\n"
    )
    assert (csv_dir / "comments.csv").read_bytes() == (
        b"Issue key,Issue id,Comment id,Created,Updated,Author,Author id,Update author,Visibility,Body\r\n"
        b"DEMO-1,10001,1,2024-01-02T10:00:00.000+0000,2024-01-02T10:00:00.000+0000,Mia Krystof,acc-1,,,"
        b"Looks good\r\n"
    )
    assert (csv_dir / "changelog.csv").read_bytes() == (
        b"Issue key,Issue id,History id,Created,Author,Author id,Field,Field id,Field type,From,"
        b"From (text),To,To (text)\r\n"
        b"DEMO-1,10001,7,2024-01-03T10:00:00.000+0000,Mia Krystof,acc-1,status,status,jira,1,To Do,3,"
        b"In Progress\r\n"
    )
    assert (csv_dir / "worklogs.csv").read_bytes() == (
        b"Issue key,Issue id,Worklog id,Started,Time spent,Time spent (seconds),Author,Author id,Created,"
        b"Updated,Visibility,Comment\r\n"
        b"DEMO-1,10001,5,2024-01-04T09:00:00.000+0000,1h,3600,Mia Krystof,acc-1,"
        b"2024-01-04T10:00:00.000+0000,2024-01-04T10:00:00.000+0000,,\r\n"
    )
    assert (csv_dir / "attachments.csv").read_bytes() == (
        b"Issue key,Issue id,Attachment id,Filename,Size (bytes),MIME type,SHA-256,Created,Author,Path\r\n"
        b"DEMO-1,10001,99,shot.png,3,image/png," + b"ab" * 32 + b",2024-01-05T10:00:00.000+0000,Mia Krystof,"
        b"attachments/DEMO-1/shot.png\r\n"
    )
