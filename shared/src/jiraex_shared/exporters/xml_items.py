"""One issue as an ``<item>`` of Jira's XML (RSS) export, in Jira's order, plus worklogs and history."""

from collections.abc import Iterator
from functools import partial
from typing import Any

from jiraex_shared.contracts.commands import ExportInclude
from jiraex_shared.exporters import xml_parts
from jiraex_shared.exporters.field_names import FieldDictionary
from jiraex_shared.exporters.flatten import flatten
from jiraex_shared.exporters.jira_dates import rss_date
from jiraex_shared.exporters.people import person_name
from jiraex_shared.exporters.records import IssueRecord, issue_fields, items
from jiraex_shared.exporters.render_options import RenderOptions, attachment_links
from jiraex_shared.exporters.rich_text import rich_to_html
from jiraex_shared.exporters.xml_markup import element
from jiraex_shared.exporters.xml_parts import INDENT, obj

_DATES = (("created", "created"), ("updated", "updated"), ("resolved", "resolutiondate"))
_NAMED_LISTS = (("version", "versions"), ("fixVersion", "fixVersions"), ("component", "components"))


def _user(tag: str, user: Any, unset: str) -> str:
    if not isinstance(user, dict):
        return element(tag, unset, {"username": "-1"})
    if "accountId" in user:
        return element(tag, person_name(user), {"accountid": user.get("accountId")})
    return element(tag, person_name(user), {"username": user.get("name") or user.get("key")})


def _named(tag: str, value: Any) -> Iterator[str]:
    found = obj(value)
    if found:
        yield element(tag, found.get("name"), {"id": found.get("id"), "iconUrl": found.get("iconUrl")})


class ItemBuilder:
    """Builds the lines of one ``<item>``; holds only per-export settings, nothing per issue."""

    def __init__(
        self, dictionary: FieldDictionary, base_url: str, api_version: int, include: ExportInclude
    ) -> None:
        self.dictionary = dictionary
        self.base_url = base_url.rstrip("/")
        self.api_version = api_version
        self.include = include

    def _head(self, record: IssueRecord, fields: dict[str, Any], options: RenderOptions) -> Iterator[str]:
        key = str(record.get("key") or "")
        summary = flatten(fields.get("summary"))
        html = partial(rich_to_html, api_version=self.api_version, options=options)
        yield element("title", f"[{key}] {summary}")
        yield element("link", f"{self.base_url}/browse/{key}")
        project = obj(fields.get("project"))
        if project:
            yield element(
                "project",
                project.get("name") or project.get("key"),
                {"id": project.get("id"), "key": project.get("key")},
            )
        yield element("description", html(fields.get("description")))
        yield element("environment", html(fields.get("environment")))
        yield element("key", key, {"id": record.get("id")})
        yield element("summary", summary)
        yield from _named("type", fields.get("issuetype"))
        parent = obj(fields.get("parent"))
        if parent:
            yield element("parent", parent.get("key"), {"id": parent.get("id")})
        yield from _named("priority", fields.get("priority"))
        yield from _named("status", fields.get("status"))
        category = obj(obj(fields.get("status")).get("statusCategory"))
        if category:
            yield element("statusCategory", "", {k: category.get(k) for k in ("id", "key", "colorName")})
        resolution = obj(fields.get("resolution"))
        yield element(
            "resolution", resolution.get("name") or "Unresolved", {"id": resolution.get("id", "-1")}
        )
        yield _user("assignee", fields.get("assignee"), "Unassigned")
        yield _user("reporter", fields.get("reporter"), "Anonymous")
        labels = [label for label in fields.get("labels") or [] if isinstance(label, str)]
        yield "<labels>" + "".join(element("label", label) for label in labels) + "</labels>"

    def _tail(self, fields: dict[str, Any]) -> Iterator[str]:
        for tag, field_id in _DATES:
            if fields.get(field_id):
                yield element(tag, rss_date(fields[field_id]))
        for tag, field_id in _NAMED_LISTS:
            for value in fields.get(field_id) or []:
                yield element(tag, flatten(value))
        yield element("due", rss_date(fields.get("duedate")) if fields.get("duedate") else "")
        for tag in ("votes", "watches"):
            if isinstance(fields.get(tag), dict):
                yield element(tag, flatten(fields[tag]))

    def lines(self, record: IssueRecord) -> Iterator[str]:
        """The ``<item>`` element, one line per child element, indented below the item."""
        fields = issue_fields(record)
        options = RenderOptions(self.base_url, attachment_links(items(record, "attachments"), ""))
        html = partial(rich_to_html, api_version=self.api_version, options=options)
        parts: list[Iterator[str]] = [self._head(record, fields, options), self._tail(fields)]
        if self.include.comments:
            parts.append(xml_parts.comments(record, html))
        parts.append(xml_parts.issue_links(fields))
        if self.include.attachments:
            parts.append(xml_parts.attachments(record))
        parts.append(xml_parts.subtasks(fields))
        parts.append(xml_parts.custom_fields(fields, self.dictionary, html, self.api_version))
        if self.include.worklogs:
            parts.append(xml_parts.worklogs(record, html))
        if self.include.changelog:
            parts.append(xml_parts.history(record))
        yield "<item>"
        for part in parts:
            for line in part:
                yield INDENT + line
        yield "</item>"
