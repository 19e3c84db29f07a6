"""The full issue JSON (IssueBean) with field selection and expansions."""

from typing import TYPE_CHECKING, Any

from jiraex_jira_sim.dataset.field_spec import FieldSpec
from jiraex_jira_sim.dataset.fields import FIELDS_BY_ID, issue_fields, schema_for
from jiraex_jira_sim.dataset.render_fields import IssueView, field_value
from jiraex_jira_sim.dataset.render_rendered import rendered_fields

if TYPE_CHECKING:
    from jiraex_jira_sim.dataset.renderer import Renderer

CLOUD_ISSUE_HISTORIES = 100  # Cloud GET issue embeds only the newest 100 histories, not pageable
CLOUD_SEARCH_HISTORIES = 40  # search/jql and bulkfetch embed at most 40
_CLOUD_EXPAND = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"
_SERVER_EXPAND = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"


class FieldIndex:
    """Per-deployment field ids in output order and the navigable subset."""

    def __init__(self, deployment: str) -> None:
        defs = issue_fields(deployment)
        self.ids = tuple(f.id for f in defs)
        self.navigable = frozenset(f.id for f in defs if f.navigable)


def embedded_changelog(r: "Renderer", i: int, context: str) -> dict[str, Any]:
    """`expand=changelog`: Cloud truncates to the newest 100 (issue) or 40 (search); Server sends all."""
    entries = r.ds.history_entries(i)
    total = len(entries)
    if r.cloud:
        keep = CLOUD_ISSUE_HISTORIES if context == "issue" else CLOUD_SEARCH_HISTORIES
        entries = entries[-keep:]
    histories = [r.history(e) for e in entries]
    return {"startAt": 0, "maxResults": len(histories), "total": total, "histories": histories}


def render_issue(
    r: "Renderer",
    i: int,
    fields: FieldSpec,
    expand: frozenset[str],
    context: str,
) -> dict[str, Any]:
    issue_id = r.ds.issue_id(i)
    out: dict[str, Any] = {
        "expand": _CLOUD_EXPAND if r.cloud else _SERVER_EXPAND,
        "id": str(issue_id),
        "self": f"{r.refs.rest}/issue/{issue_id}",
        "key": r.ds.issue_key(i),
    }
    view = IssueView(r, i, context)
    chosen = [f for f in fields.select(r.field_index.ids, r.field_index.navigable) if view.has(f)]
    if "renderedFields" in expand:
        out["renderedFields"] = rendered_fields(view, chosen)
    if "names" in expand:
        out["names"] = {f: FIELDS_BY_ID[f].name for f in chosen}
    if "schema" in expand:
        out["schema"] = {f: s for f in chosen if (s := schema_for(FIELDS_BY_ID[f], r.deployment)) is not None}
    if not fields.is_empty:
        out["fields"] = {f: field_value(view, f) for f in chosen}
    if "changelog" in expand:
        out["changelog"] = embedded_changelog(r, i, context)
    return out
