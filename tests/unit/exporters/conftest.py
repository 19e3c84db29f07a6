"""Builders for exporter tests: contexts, records from the real Jira samples, and a run of every writer."""

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from jiraex_shared.contracts.commands import ExportInclude
from jiraex_shared.exporters import ExportContext, attachment_path, create_writers

FIXTURES = Path(__file__).parent / "fixtures"
ALL_FORMATS = ("json", "ndjson", "csv", "xml", "html")


def _load_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def field(field_id: str, name: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": field_id,
        "name": name,
        "custom": field_id.startswith("customfield_"),
        "schema": schema or {},
    }


BASIC_FIELDS = [
    field("summary", "Summary", {"type": "string", "system": "summary"}),
    field("status", "Status", {"type": "status", "system": "status"}),
    field("assignee", "Assignee", {"type": "user", "system": "assignee"}),
    field("description", "Description", {"type": "string", "system": "description"}),
    field("labels", "Labels", {"type": "array", "items": "string", "system": "labels"}),
    field("customfield_10100", "Team", {"type": "option", "custom": "x:select", "customId": 10100}),
    field("customfield_10200", "Team", {"type": "string", "custom": "x:textfield", "customId": 10200}),
    field("customfield_10016", "Story Points", {"type": "number", "custom": "x:float", "customId": 10016}),
    field("comment", "Comment", {"type": "comments-page", "system": "comment"}),
]


@pytest.fixture
def make_context() -> Callable[..., ExportContext]:
    def build(**overrides: Any) -> ExportContext:
        values: dict[str, Any] = {
            "jql": "project = DEMO ORDER BY key",
            "base_url": "https://example.atlassian.net",
            "deployment": "cloud",
            "version": "1001.0.0-SNAPSHOT",
            "api_version": 3,
            "fields": BASIC_FIELDS,
            "started_at": datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
            "export_name": "demo",
            "include": ExportInclude(),
        }
        values.update(overrides)
        return ExportContext(**values)

    return build


def _tiny_record(number: int = 1, **field_values: Any) -> dict[str, Any]:
    """A small Cloud-shaped record with one comment, one history item, one worklog and one attachment."""
    user = {"accountId": "acc-1", "displayName": "Mia Krystof", "emailAddress": "mia@example.com"}
    fields = {
        "summary": f"Issue {number}",
        "status": {
            "name": "To Do",
            "id": "1",
            "statusCategory": {"id": 2, "key": "new", "colorName": "blue"},
        },
        "assignee": dict(user),
        "description": {
            "type": "doc",
            "version": 1,
            "content": [
                {
                    "type": "paragraph",
                    "content": [
                        {"type": "text", "text": "Hello "},
                        {"type": "text", "text": "world", "marks": [{"type": "strong"}]},
                    ],
                }
            ],
        },
        "labels": ["a", "b"],
        "customfield_10100": {"value": "Platform", "id": "10"},
        "customfield_10200": "Core",
        "customfield_10016": 3.0,
    }
    fields.update(field_values)
    key = f"DEMO-{number}"
    return {
        "id": str(10000 + number),
        "key": key,
        "fields": fields,
        "comments": [
            {
                "id": "1",
                "author": dict(user),
                "created": "2024-01-02T10:00:00.000+0000",
                "updated": "2024-01-02T10:00:00.000+0000",
                "body": {
                    "type": "doc",
                    "version": 1,
                    "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Looks good"}]}],
                },
            }
        ],
        "changelog": [
            {
                "id": "7",
                "author": dict(user),
                "created": "2024-01-03T10:00:00.000+0000",
                "items": [
                    {
                        "field": "status",
                        "fieldtype": "jira",
                        "fieldId": "status",
                        "from": "1",
                        "fromString": "To Do",
                        "to": "3",
                        "toString": "In Progress",
                    }
                ],
            }
        ],
        "worklogs": [
            {
                "id": "5",
                "author": dict(user),
                "started": "2024-01-04T09:00:00.000+0000",
                "timeSpent": "1h",
                "timeSpentSeconds": 3600,
                "created": "2024-01-04T10:00:00.000+0000",
                "updated": "2024-01-04T10:00:00.000+0000",
            }
        ],
        "attachments": [
            {
                "id": "99",
                "filename": "shot.png",
                "size": 3,
                "mimeType": "image/png",
                "sha256": "ab" * 32,
                "path": attachment_path(key, "shot.png", set()),
                "created": "2024-01-05T10:00:00.000+0000",
                "author": dict(user),
            }
        ],
    }


def _run_writers(
    directory: Path,
    context: ExportContext,
    records: Iterable[dict[str, Any]],
    formats: Iterable[str] = ALL_FORMATS,
) -> list[Path]:
    """Open every writer, stream the records through all of them, close them; return the produced paths."""
    directory.mkdir(parents=True, exist_ok=True)
    writers = create_writers(list(formats))
    for writer in writers:
        writer.open(directory, context)
    for record in records:
        for writer in writers:
            writer.write(record)
    produced: list[Path] = []
    for writer in writers:
        produced += writer.close()
    return produced


@pytest.fixture
def load_fixture() -> Callable[[str], Any]:
    """Parse one of the copied Jira samples in ``fixtures/``."""
    return _load_fixture


@pytest.fixture
def tiny_record() -> Callable[..., dict[str, Any]]:
    """Factory: ``tiny_record(number, **fields)``."""
    return _tiny_record


@pytest.fixture
def run_writers() -> Callable[..., list[Path]]:
    """``run_writers(directory, context, records, formats=ALL_FORMATS)``."""
    return _run_writers
