"""JSON for comments, worklogs and change histories."""

from typing import TYPE_CHECKING, Any

from jiraex_jira_sim.dataset.catalog import PRIORITIES, RESOLUTIONS, STATUSES
from jiraex_jira_sim.dataset.events import CommentEntry, WorklogEntry
from jiraex_jira_sim.dataset.formats import display_ts, duration, jira_ts
from jiraex_jira_sim.dataset.histories import Change, HistoryEntry
from jiraex_jira_sim.dataset.richtext import generate_doc
from jiraex_jira_sim.dataset.rng import Stream, sub_rng

if TYPE_CHECKING:
    from jiraex_jira_sim.dataset.renderer import Renderer

_ADMINS = {"type": "role", "value": "Administrators", "identifier": "Administrators"}


def _body_doc(r: "Renderer", kind: int, item_id: int) -> Any:
    return generate_doc(sub_rng(r.ds.config.seed, Stream.DOC, kind, item_id), 3)


def comment(r: "Renderer", i: int, e: CommentEntry, *, rendered: bool = False) -> dict[str, Any]:
    """A Comment; `rendered` puts HTML in `body` and display dates, as renderedFields.comment does."""
    doc = _body_doc(r, Stream.COMMENTS, e.id)
    out: dict[str, Any] = {
        "self": f"{r.refs.rest}/issue/{r.ds.issue_id(i)}/comment/{e.id}",
        "id": str(e.id),
        "author": r.user(e.author),
        "body": r.html(doc) if rendered else r.body(doc),
        "updateAuthor": r.user(e.update_author),
        "created": display_ts(e.created_ms) if rendered else jira_ts(e.created_ms),
        "updated": display_ts(e.updated_ms) if rendered else jira_ts(e.updated_ms),
    }
    if r.cloud:
        out["jsdPublic"] = True
    if e.restricted:
        out["visibility"] = dict(_ADMINS)
    return out


def rendered_body(r: "Renderer", e: CommentEntry) -> str:
    return r.html(_body_doc(r, Stream.COMMENTS, e.id))


def worklog(r: "Renderer", i: int, e: WorklogEntry, *, rendered: bool = False) -> dict[str, Any]:
    issue_id = r.ds.issue_id(i)
    out: dict[str, Any] = {
        "self": f"{r.refs.rest}/issue/{issue_id}/worklog/{e.id}",
        "author": r.user(e.author),
        "updateAuthor": r.user(e.update_author),
    }
    if e.has_comment:
        doc = _body_doc(r, Stream.WORKLOGS, e.id)
        out["comment"] = r.html(doc) if rendered else r.body(doc)
    ts = display_ts if rendered else jira_ts
    out.update(
        {
            "created": ts(e.created_ms),
            "updated": ts(e.updated_ms),
            "started": ts(e.started_ms),
            "timeSpent": duration(e.seconds),
            "timeSpentSeconds": e.seconds,
            "id": str(e.id),
            "issueId": str(issue_id),
        }
    )
    if e.restricted:
        out["visibility"] = {"type": "group", "value": "jira-administrators"}
    return out


def _points(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if value == int(value) else str(value)


def _item(r: "Renderer", c: Change) -> dict[str, Any]:
    field, ftype, fid = c.kind, "jira", c.kind
    old_id: str | None = None
    new_id: str | None = None
    old_s: str | None
    new_s: str | None
    if c.kind == "status":
        old_id, old_s = STATUSES[c.old].id, STATUSES[c.old].name
        new_id, new_s = STATUSES[c.new].id, STATUSES[c.new].name
    elif c.kind == "priority":
        old_id, old_s = PRIORITIES[c.old].id, PRIORITIES[c.old].name
        new_id, new_s = PRIORITIES[c.new].id, PRIORITIES[c.new].name
    elif c.kind == "resolution":
        old_id, old_s = (RESOLUTIONS[c.old].id, RESOLUTIONS[c.old].name) if c.old >= 0 else (None, None)
        new_id, new_s = (RESOLUTIONS[c.new].id, RESOLUTIONS[c.new].name) if c.new >= 0 else (None, None)
    elif c.kind == "assignee":
        old_u = r.ds.users[c.old] if c.old >= 0 else None
        new_u = r.ds.users[c.new] if c.new >= 0 else None
        old_id, old_s = (r.refs.user_id(old_u), old_u.display_name) if old_u else (None, None)
        new_id, new_s = (r.refs.user_id(new_u), new_u.display_name) if new_u else (None, None)
    elif c.kind == "storypoints":
        field, ftype, fid = "Story Points", "custom", "customfield_10016"
        old_s, new_s = _points(c.old), _points(c.new)
    elif c.kind == "rank":
        field, ftype, fid = "Rank", "custom", "customfield_10011"
        old_id, old_s, new_id, new_s = "", "", "", c.new
    else:  # labels, summary: plain strings
        old_s, new_s = c.old, c.new
    out: dict[str, Any] = {"field": field, "fieldtype": ftype}
    if r.cloud:
        out["fieldId"] = fid
    out.update({"from": old_id, "fromString": old_s, "to": new_id, "toString": new_s})
    return out


def history(r: "Renderer", e: HistoryEntry) -> dict[str, Any]:
    """A Changelog entry (histories element)."""
    return {
        "id": str(e.id),
        "author": r.user(e.author),
        "created": jira_ts(e.created_ms),
        "items": [_item(r, c) for c in e.changes],
    }
