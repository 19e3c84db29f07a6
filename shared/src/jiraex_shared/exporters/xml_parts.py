"""The repeated parts of an XML ``<item>``: comments, links, attachments, custom fields, worklogs, history."""

from collections.abc import Callable, Iterator
from typing import Any

from jiraex_shared.exporters.field_names import FieldDictionary
from jiraex_shared.exporters.flatten import flatten
from jiraex_shared.exporters.jira_dates import rss_date
from jiraex_shared.exporters.people import person_id, person_name
from jiraex_shared.exporters.records import IssueRecord, items
from jiraex_shared.exporters.xml_markup import element, start_tag

INDENT = "  "
Html = Callable[[Any], str]
_CHANGE_ATTRIBUTES = ("field", "fieldtype", "fieldId", "from", "fromString", "to", "toString")


def obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _by(user: Any, created: Any) -> dict[str, object | None]:
    return {"author": person_id(user), "authorName": person_name(user), "created": rss_date(created)}


def comments(record: IssueRecord, html: Html) -> Iterator[str]:
    yield "<comments>"
    for comment in items(record, "comments"):
        attributes = {"id": comment.get("id"), **_by(comment.get("author"), comment.get("created"))}
        yield INDENT + element("comment", html(comment.get("body")), attributes)
    yield "</comments>"


def issue_links(fields: dict[str, Any]) -> Iterator[str]:
    links = [link for link in fields.get("issuelinks") or [] if isinstance(link, dict)]
    if not links:
        return
    yield "<issuelinks>"
    for link in links:
        link_type = obj(link.get("type"))
        outward = "outwardIssue" in link
        direction = "outwardlinks" if outward else "inwardlinks"
        issue = obj(link.get("outwardIssue" if outward else "inwardIssue"))
        yield INDENT + start_tag("issuelinktype", {"id": link_type.get("id")})
        yield INDENT * 2 + element("name", link_type.get("name"))
        yield INDENT * 2 + start_tag(
            direction, {"description": link_type.get("outward" if outward else "inward")}
        )
        yield (
            INDENT * 3
            + f"<issuelink>{element('issuekey', issue.get('key'), {'id': issue.get('id')})}</issuelink>"
        )
        yield INDENT * 2 + f"</{direction}>"
        yield INDENT + "</issuelinktype>"
    yield "</issuelinks>"


def attachments(record: IssueRecord) -> Iterator[str]:
    yield "<attachments>"
    for attachment in items(record, "attachments"):
        attributes = {
            "id": attachment.get("id"),
            "name": attachment.get("filename"),
            "size": attachment.get("size"),
            **_by(attachment.get("author"), attachment.get("created")),
            "mimeType": attachment.get("mimeType"),
            "sha256": attachment.get("sha256"),
            "path": attachment.get("path"),
        }
        yield INDENT + element("attachment", "", attributes)
    yield "</attachments>"


def subtasks(fields: dict[str, Any]) -> Iterator[str]:
    found = [s for s in fields.get("subtasks") or [] if isinstance(s, dict)]
    if found:
        yield "<subtasks>"
        for subtask in found:
            yield INDENT + element("subtask", subtask.get("key"), {"id": subtask.get("id")})
        yield "</subtasks>"


def custom_fields(
    fields: dict[str, Any], dictionary: FieldDictionary, html: Html, api_version: int
) -> Iterator[str]:
    """Every custom field with a value, by name; rich text as HTML as Jira writes it, one per value."""
    present = [f for f in fields if f.startswith("customfield_") and fields[f] not in (None, "", [], {})]
    yield "<customfields>"
    for field_id in sorted(present, key=lambda f: (dictionary.label(f).casefold(), f)):
        info = dictionary.get(field_id)
        raw = fields[field_id]
        if info is not None and info.rich_text:
            values = [html(raw)]
        else:
            values = [flatten(v, api_version=api_version) for v in (raw if isinstance(raw, list) else [raw])]
        yield INDENT + start_tag("customfield", {"id": field_id, "key": info.custom_type if info else None})
        yield INDENT * 2 + element("customfieldname", info.name if info else field_id)
        yield INDENT * 2 + "<customfieldvalues>"
        for value in values:
            if value:
                yield INDENT * 3 + element("customfieldvalue", value)
        yield INDENT * 2 + "</customfieldvalues>"
        yield INDENT + "</customfield>"
    yield "</customfields>"


def worklogs(record: IssueRecord, html: Html) -> Iterator[str]:
    yield "<worklogs>"
    for worklog in items(record, "worklogs"):
        attributes = {
            "id": worklog.get("id"),
            **_by(worklog.get("author"), worklog.get("created")),
            "started": rss_date(worklog.get("started")),
            "timeSpent": worklog.get("timeSpent"),
            "timeSpentSeconds": worklog.get("timeSpentSeconds"),
        }
        yield INDENT + element("worklog", html(worklog.get("comment")), attributes)
    yield "</worklogs>"


def history(record: IssueRecord) -> Iterator[str]:
    yield "<changelog>"
    for entry in items(record, "changelog"):
        yield INDENT + start_tag(
            "changegroup", {"id": entry.get("id"), **_by(entry.get("author"), entry.get("created"))}
        )
        for item in entry.get("items") or []:
            if isinstance(item, dict):
                yield INDENT * 2 + element(
                    "changeitem", "", {k: flatten(item.get(k)) for k in _CHANGE_ATTRIBUTES}
                )
        yield INDENT + "</changegroup>"
    yield "</changelog>"
