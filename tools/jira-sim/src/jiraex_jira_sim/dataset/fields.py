"""The field catalog: system and custom fields, as GET /field lists them."""

from dataclasses import dataclass
from typing import Any

from jiraex_jira_sim.dataset.custom_fields import CUSTOM_FIELDS


@dataclass(frozen=True, slots=True)
class FieldDef:
    id: str
    name: str
    schema: dict[str, Any] | None
    navigable: bool = True
    orderable: bool = True
    searchable: bool = True
    clause_names: tuple[str, ...] = ()
    custom: bool = False
    on_issue: bool = True  # False for pseudo fields that only appear in GET /field (issuekey, thumbnail)
    cloud_only: bool = False


def _sys(fid: str, name: str, type_: str | None, items: str | None = None, **kw: Any) -> FieldDef:
    schema: dict[str, Any] | None = None
    if type_ is not None:
        schema = {"type": type_, "system": fid}
        if items:
            schema = {"type": type_, "items": items, "system": fid}
    clauses = kw.pop("clauses", (fid,))
    return FieldDef(fid, name, schema, clause_names=clauses, **kw)


SYSTEM_FIELDS: tuple[FieldDef, ...] = (
    _sys(
        "statuscategorychangedate",
        "Status Category Changed",
        "datetime",
        orderable=False,
        clauses=("statusCategoryChangedDate",),
        cloud_only=True,
    ),
    _sys("issuetype", "Issue Type", "issuetype", clauses=("issuetype", "type")),
    _sys("parent", "Parent", None, clauses=("parent",)),
    _sys("timespent", "Time Spent", "number", orderable=False, searchable=False),
    _sys("project", "Project", "project", orderable=False),
    _sys("fixVersions", "Fix versions", "array", "version", clauses=("fixVersion",)),
    _sys("aggregatetimespent", "Σ Time Spent", "number", orderable=False, searchable=False),
    _sys("resolution", "Resolution", "resolution"),
    _sys("resolutiondate", "Resolved", "datetime", orderable=False, clauses=("resolutiondate", "resolved")),
    _sys("workratio", "Work Ratio", "number", orderable=False),
    _sys("watches", "Watchers", "watches", orderable=False, searchable=False, clauses=("watchers",)),
    _sys("lastViewed", "Last Viewed", "datetime", orderable=False, searchable=False),
    _sys("created", "Created", "datetime", orderable=False, clauses=("created", "createdDate")),
    _sys("priority", "Priority", "priority"),
    _sys("labels", "Labels", "array", "string"),
    _sys(
        "timeestimate",
        "Remaining Estimate",
        "number",
        orderable=False,
        searchable=False,
        clauses=("remainingEstimate",),
    ),
    _sys("aggregatetimeoriginalestimate", "Σ Original Estimate", "number", orderable=False, searchable=False),
    _sys("versions", "Affects versions", "array", "version", clauses=("affectedVersion",)),
    _sys("issuelinks", "Linked Issues", "array", "issuelinks", orderable=False, clauses=("issueLink",)),
    _sys("assignee", "Assignee", "user"),
    _sys("updated", "Updated", "datetime", orderable=False, clauses=("updated", "updatedDate")),
    _sys("status", "Status", "status", orderable=False),
    _sys("components", "Components", "array", "component", clauses=("component",)),
    _sys(
        "timeoriginalestimate",
        "Original estimate",
        "number",
        orderable=False,
        searchable=False,
        clauses=("originalEstimate",),
    ),
    _sys("description", "Description", "string"),
    _sys("timetracking", "Time tracking", "timetracking", navigable=False, searchable=False),
    _sys("security", "Security Level", "securitylevel", clauses=("level",)),
    _sys("attachment", "Attachment", "array", "attachment", navigable=False, clauses=("attachments",)),
    _sys("aggregatetimeestimate", "Σ Remaining Estimate", "number", orderable=False, searchable=False),
    _sys("summary", "Summary", "string"),
    _sys("creator", "Creator", "user", orderable=False),
    _sys("subtasks", "Sub-tasks", "array", "issuelinks", orderable=False, clauses=("subtasks",)),
    _sys("reporter", "Reporter", "user"),
    _sys("aggregateprogress", "Σ Progress", "progress", orderable=False, searchable=False),
    _sys("environment", "Environment", "string"),
    _sys("duedate", "Due date", "date", clauses=("due", "duedate")),
    _sys("progress", "Progress", "progress", orderable=False, searchable=False),
    _sys("votes", "Votes", "votes", orderable=False, searchable=False),
    _sys("comment", "Comment", "comments-page", navigable=False),
    _sys("worklog", "Log Work", "array", "worklog", navigable=False),
    _sys("issuekey", "Key", None, orderable=False, clauses=("id", "issue", "issuekey", "key"), on_issue=False),
    _sys("thumbnail", "Images", None, orderable=False, searchable=False, on_issue=False),
)


def _custom(cf: Any) -> FieldDef:
    schema: dict[str, Any] = {"type": cf.schema_type}
    if cf.items:
        schema["items"] = cf.items
    schema.update({"custom": cf.custom_type, "customId": cf.number})
    return FieldDef(cf.id, cf.name, schema, clause_names=(f"cf[{cf.number}]", cf.name), custom=True)


ALL_FIELDS: tuple[FieldDef, ...] = SYSTEM_FIELDS + tuple(_custom(cf) for cf in CUSTOM_FIELDS)
FIELDS_BY_ID = {f.id: f for f in ALL_FIELDS}


def schema_for(f: FieldDef, deployment: str) -> dict[str, Any] | None:
    """The field's JsonTypeBean; Server still describes comments as an array, Cloud as a comments page."""
    if f.id == "comment" and deployment != "cloud":
        return {"type": "array", "items": "comment", "system": "comment"}
    return dict(f.schema) if f.schema is not None else None


def issue_fields(deployment: str) -> tuple[FieldDef, ...]:
    """Fields that can appear in an issue's `fields` object, in output order."""
    cloud = deployment == "cloud"
    return tuple(f for f in ALL_FIELDS if f.on_issue and (cloud or not f.cloud_only))


def field_details(deployment: str) -> list[dict[str, Any]]:
    """GET /rest/api/{2,3}/field: FieldDetails objects (Cloud adds `key`)."""
    out = []
    for f in ALL_FIELDS:
        if f.cloud_only and deployment != "cloud":
            continue
        item: dict[str, Any] = {"id": f.id}
        if deployment == "cloud":
            item["key"] = f.id
        item.update(
            {
                "name": f.name,
                "custom": f.custom,
                "orderable": f.orderable,
                "navigable": f.navigable,
                "searchable": f.searchable,
                "clauseNames": list(f.clause_names),
            }
        )
        schema = schema_for(f, deployment)
        if schema is not None:
            item["schema"] = schema
        out.append(item)
    return out
