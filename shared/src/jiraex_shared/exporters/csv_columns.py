"""The fixed columns of every CSV file, decided before the first issue is written."""

from dataclasses import dataclass

from jiraex_shared.exporters.field_names import FieldDictionary
from jiraex_shared.exporters.field_order import ordered_field_ids

KEY_HEADERS = ("Issue key", "Issue id")
COMMENT_HEADERS = (
    *KEY_HEADERS,
    "Comment id",
    "Created",
    "Updated",
    "Author",
    "Author id",
    "Update author",
    "Visibility",
    "Body",
)
CHANGELOG_HEADERS = (
    *KEY_HEADERS,
    "History id",
    "Created",
    "Author",
    "Author id",
    "Field",
    "Field id",
    "Field type",
    "From",
    "From (text)",
    "To",
    "To (text)",
)
WORKLOG_HEADERS = (
    *KEY_HEADERS,
    "Worklog id",
    "Started",
    "Time spent",
    "Time spent (seconds)",
    "Author",
    "Author id",
    "Created",
    "Updated",
    "Visibility",
    "Comment",
)
ATTACHMENT_HEADERS = (
    *KEY_HEADERS,
    "Attachment id",
    "Filename",
    "Size (bytes)",
    "MIME type",
    "SHA-256",
    "Created",
    "Author",
    "Path",
)


@dataclass(frozen=True, slots=True)
class FieldColumn:
    """One field column of ``issues.csv``: its unique header and how to read its value."""

    field_id: str
    header: str
    rich_text: bool


def issue_columns(dictionary: FieldDictionary, selected: list[str] | None) -> list[FieldColumn]:
    """The field columns of ``issues.csv`` (after the issue key and id), in display order."""
    columns = []
    for field_id in ordered_field_ids(dictionary, selected):
        info = dictionary.get(field_id)
        columns.append(FieldColumn(field_id, dictionary.label(field_id), bool(info and info.rich_text)))
    return columns
