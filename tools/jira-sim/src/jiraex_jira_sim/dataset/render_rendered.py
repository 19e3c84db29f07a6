"""`expand=renderedFields`: HTML for rich text, display strings for dates, durations and sizes."""

from typing import Any

from jiraex_jira_sim.dataset.custom_fields import BY_ID as CUSTOM_BY_ID
from jiraex_jira_sim.dataset.formats import display_date, display_ts, duration_long, file_size
from jiraex_jira_sim.dataset.render_fields import EMBEDDED_WORKLOGS, SEARCH_COMMENTS, IssueView

_DURATIONS = (
    "timespent",
    "aggregatetimespent",
    "timeestimate",
    "aggregatetimeestimate",
    "timeoriginalestimate",
    "aggregatetimeoriginalestimate",
)


def _duration(seconds: int | None) -> str | None:
    return duration_long(seconds) if seconds is not None else None


def rendered_value(v: IssueView, field_id: str) -> tuple[bool, Any]:
    """(renderable, value). Server lists only renderable fields; Cloud lists every field, null if not."""
    r, i, rec = v.r, v.i, v.rec
    if field_id in ("description", "environment"):
        doc = getattr(v.details, field_id)
        return True, r.html(doc) if doc is not None else None
    if field_id in ("created", "updated"):
        return True, display_ts(getattr(rec, field_id)[i])
    if field_id == "resolutiondate":
        return True, display_ts(rec.resolved[i]) if rec.resolution[i] >= 0 else None
    if field_id == "duedate":
        due = v.details.due_ms
        return True, display_date(due) if due is not None else None
    if field_id in _DURATIONS:
        if field_id.endswith("spent"):
            return True, _duration(r.ds.time_spent(i) or None)
        seconds = v.details.original_estimate if "original" in field_id else v.details.remaining_estimate
        return True, _duration(seconds)
    if field_id == "timetracking":
        return True, _time_tracking(v)
    if field_id == "attachment":
        out = []
        for a in r.ds.attachments(i):
            item = r.attachment_json(a)
            item["created"] = display_ts(a.created_ms)
            item["size"] = file_size(a.size)
            out.append(item)
        return True, out
    if field_id == "comment":
        limit = SEARCH_COMMENTS if v.context == "search" and r.cloud else None
        return True, r.embedded_comments(i, limit, rendered=True)
    if field_id == "worklog":
        return True, r.embedded_worklogs(i, EMBEDDED_WORKLOGS, rendered=True)
    cf = CUSTOM_BY_ID.get(field_id)
    if cf is not None and cf.kind in ("textarea", "date", "datetime"):
        raw = v.details.custom[field_id]
        if raw is None:
            return True, None
        if cf.kind == "textarea":
            return True, r.html(raw)
        return True, display_date(raw) if cf.kind == "date" else display_ts(raw)
    return False, None


def _time_tracking(v: IssueView) -> dict[str, Any]:
    d = v.details
    spent = v.r.ds.time_spent(v.i)
    out: dict[str, Any] = {}
    if d.original_estimate is not None:
        out["originalEstimate"] = duration_long(d.original_estimate)
    if d.remaining_estimate is not None:
        out["remainingEstimate"] = duration_long(d.remaining_estimate)
    if spent:
        out["timeSpent"] = duration_long(spent)
    if d.original_estimate is not None:
        out["originalEstimateSeconds"] = d.original_estimate
    if d.remaining_estimate is not None:
        out["remainingEstimateSeconds"] = d.remaining_estimate
    if spent:
        out["timeSpentSeconds"] = spent
    return out


def rendered_fields(v: IssueView, field_ids: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for fid in field_ids:
        renderable, value = rendered_value(v, fid)
        if renderable or v.r.cloud:
            out[fid] = value
    return out
