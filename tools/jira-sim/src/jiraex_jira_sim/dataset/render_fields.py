"""Values of an issue's `fields` object, one function per system field plus custom fields."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jiraex_jira_sim.dataset.catalog import SUBTASK
from jiraex_jira_sim.dataset.custom_fields import BY_ID as CUSTOM_BY_ID
from jiraex_jira_sim.dataset.custom_fields import SPRINT_COUNT, CustomField
from jiraex_jira_sim.dataset.details import IssueDetails
from jiraex_jira_sim.dataset.formats import duration, jira_date, jira_ts
from jiraex_jira_sim.dataset.records import Records

if TYPE_CHECKING:
    from jiraex_jira_sim.dataset.renderer import Renderer

EMBEDDED_WORKLOGS = 20
SEARCH_COMMENTS = 20


class IssueView:
    """One issue being rendered: index, context and lazily derived details."""

    def __init__(self, r: "Renderer", i: int, context: str) -> None:
        self.r: Renderer = r
        self.i = i
        self.context = context
        self.rec: Records = r.ds.records
        self._details: IssueDetails | None = None

    @property
    def details(self) -> IssueDetails:
        if self._details is None:
            self._details = self.r.ds.details(self.i)
        return self._details

    @property
    def project(self) -> Any:
        return self.r.ds.project_infos[self.rec.project[self.i]]

    def has(self, field_id: str) -> bool:
        """`parent` exists only on issues that have one (on Server: sub-tasks only, epics use Epic Link)."""
        if field_id != "parent":
            return True
        parent = self.rec.parent[self.i]
        return parent >= 0 and (self.r.cloud or self.rec.issue_type[self.i] == SUBTASK)


def _time_tracking(v: IssueView) -> dict[str, Any]:
    d = v.details
    spent = v.r.ds.time_spent(v.i)
    out: dict[str, Any] = {}
    if d.original_estimate is not None:
        out["originalEstimate"] = duration(d.original_estimate)
    if d.remaining_estimate is not None:
        out["remainingEstimate"] = duration(d.remaining_estimate)
    if spent:
        out["timeSpent"] = duration(spent)
    if d.original_estimate is not None:
        out["originalEstimateSeconds"] = d.original_estimate
    if d.remaining_estimate is not None:
        out["remainingEstimateSeconds"] = d.remaining_estimate
    if spent:
        out["timeSpentSeconds"] = spent
    return out


def _progress(v: IssueView) -> dict[str, Any]:
    spent = v.r.ds.time_spent(v.i)
    total = spent + (v.details.remaining_estimate or 0)
    out: dict[str, Any] = {"progress": spent, "total": total}
    if total:
        out["percent"] = spent * 100 // total
    return out


def _work_ratio(v: IssueView) -> int:
    original = v.details.original_estimate
    return v.r.ds.time_spent(v.i) * 100 // original if original else -1


def _comment_page(v: IssueView) -> dict[str, Any]:
    # Cloud search/bulkfetch embed at most 20 comments; Server and GET issue embed them all
    limit = SEARCH_COMMENTS if v.context == "search" and v.r.cloud else None
    return v.r.embedded_comments(v.i, limit)


def _sprint(r: "Renderer", k: int) -> Any:
    return r.refs.shared("sprint", k, _build_sprint, r, k)


def _build_sprint(r: "Renderer", k: int) -> Any:
    base = r.ds.base_ms - (SPRINT_COUNT - 1 - k) * 14 * 86_400_000
    start, end = base - 14 * 86_400_000, base
    state = "closed" if k < SPRINT_COUNT - 2 else ("active" if k == SPRINT_COUNT - 2 else "future")
    name, goal = f"Sprint {k + 1} 🏃", "Ship it <fast> & safely" if k % 3 == 0 else ""
    if not r.cloud:  # Server returns the legacy toString() form of the sprint
        complete = jira_ts(end) if state == "closed" else "<null>"
        return (
            f"com.atlassian.greenhopper.service.sprint.Sprint@{0x1A2B3C + k:x}[id={k + 1},rapidViewId=1,"
            f"state={state.upper()},name={name},startDate={jira_ts(start)},endDate={jira_ts(end)},"
            f"completeDate={complete},activatedDate={jira_ts(start)},sequence={k + 1},goal={goal or '<null>'}]"
        )
    out: dict[str, Any] = {"id": k + 1, "name": name, "state": state, "boardId": 1, "goal": goal}
    if state != "future":
        out.update({"startDate": jira_ts(start)[:-5] + "Z", "endDate": jira_ts(end)[:-5] + "Z"})
    if state == "closed":
        out["completeDate"] = jira_ts(end)[:-5] + "Z"
    return out


def custom_value(r: "Renderer", cf: CustomField, raw: Any) -> Any:
    """Raw custom value -> Jira JSON for its schema type."""
    if raw is None:
        return None
    kind = cf.kind
    if kind == "select":
        return {
            "self": f"{r.refs.rest}/customFieldOption/{cf.option_id(raw)}",
            "value": cf.options[raw],
            "id": cf.option_id(raw),
        }
    if kind == "multiselect":
        return [custom_value(r, _as_select(cf), k) for k in raw]
    if kind == "date":
        return jira_date(raw)
    if kind == "datetime":
        return jira_ts(raw)
    if kind == "user":
        return r.user(raw)
    if kind == "multiuser":
        return [r.user(u) for u in raw]
    if kind == "labels":
        return list(raw)
    if kind == "textarea":
        return r.body(raw)
    if kind == "sprint":
        return [_sprint(r, k) for k in raw]
    return raw  # number, text, rank


def _as_select(cf: CustomField) -> CustomField:
    return CustomField(cf.number, cf.name, "select", cf.custom_type, "option", options=cf.options)


def _versions(v: IssueView, which: str) -> list[dict[str, Any]]:
    p = v.project
    chosen = v.details.fix_versions if which == "fix" else v.details.versions
    return [v.r.refs.version(p.versions[k], p.id) for k in chosen]


def _user_or_none(v: IssueView, idx: int) -> dict[str, Any] | None:
    return v.r.user(idx) if idx >= 0 else None


def _resolved(v: IssueView) -> str | None:
    return jira_ts(v.rec.resolved[v.i]) if v.rec.resolution[v.i] >= 0 else None


def _category_changed(v: IssueView) -> str:
    return jira_ts(v.r.ds.category_changed_ms(v.i))


def _doc(doc: Any, r: "Renderer") -> Any:
    return r.body(doc) if doc is not None else None


def _embedded_worklogs(v: IssueView) -> dict[str, Any]:
    return v.r.embedded_worklogs(v.i, EMBEDDED_WORKLOGS)


FieldFn = Callable[[IssueView], Any]

SYSTEM_VALUES: dict[str, FieldFn] = {
    "statuscategorychangedate": _category_changed,
    "issuetype": lambda v: v.r.refs.issue_type(v.rec.issue_type[v.i]),
    "parent": lambda v: v.r.issue_ref(v.rec.parent[v.i]),
    "timespent": lambda v: v.r.ds.time_spent(v.i) or None,
    "project": lambda v: v.r.refs.project(v.project),
    "fixVersions": lambda v: _versions(v, "fix"),
    "aggregatetimespent": lambda v: v.r.ds.time_spent(v.i) or None,
    "resolution": lambda v: v.r.refs.resolution(v.rec.resolution[v.i]),
    "resolutiondate": _resolved,
    "workratio": _work_ratio,
    "watches": lambda v: {
        "self": f"{v.r.refs.rest}/issue/{v.r.ds.issue_key(v.i)}/watchers",
        "watchCount": v.details.watches,
        "isWatching": False,
    },
    "lastViewed": lambda v: None,
    "created": lambda v: jira_ts(v.rec.created[v.i]),
    "priority": lambda v: v.r.refs.priority(v.rec.priority[v.i]),
    "labels": lambda v: list(v.r.ds.labels(v.i)),
    "timeestimate": lambda v: v.details.remaining_estimate,
    "aggregatetimeoriginalestimate": lambda v: v.details.original_estimate,
    "versions": lambda v: _versions(v, "affects"),
    "issuelinks": lambda v: v.r.issue_links(v.i),
    "assignee": lambda v: _user_or_none(v, v.rec.assignee[v.i]),
    "updated": lambda v: jira_ts(v.rec.updated[v.i]),
    "status": lambda v: v.r.refs.status(v.rec.status[v.i]),
    "components": lambda v: [v.r.refs.component(v.project.components[k]) for k in v.details.components],
    "timeoriginalestimate": lambda v: v.details.original_estimate,
    "description": lambda v: _doc(v.details.description, v.r),
    "timetracking": _time_tracking,
    "security": lambda v: None,
    "attachment": lambda v: [v.r.attachment_json(a) for a in v.r.ds.attachments(v.i)],
    "aggregatetimeestimate": lambda v: v.details.remaining_estimate,
    "summary": lambda v: v.r.ds.summary(v.i),
    "creator": lambda v: v.r.user(v.rec.reporter[v.i]),
    "subtasks": lambda v: [v.r.issue_ref(c) for c in v.rec.children.get(v.i, ()) if v.rec.issue_type[c] == SUBTASK],
    "reporter": lambda v: v.r.user(v.rec.reporter[v.i]),
    "aggregateprogress": _progress,
    "environment": lambda v: _doc(v.details.environment, v.r),
    "duedate": lambda v: jira_date(v.details.due_ms) if v.details.due_ms is not None else None,
    "progress": _progress,
    "votes": lambda v: {
        "self": f"{v.r.refs.rest}/issue/{v.r.ds.issue_key(v.i)}/votes",
        "votes": v.details.votes,
        "hasVoted": False,
    },
    "comment": _comment_page,
    "worklog": _embedded_worklogs,
}


def field_value(v: IssueView, field_id: str) -> Any:
    fn = SYSTEM_VALUES.get(field_id)
    if fn is not None:
        return fn(v)
    cf = CUSTOM_BY_ID[field_id]
    return custom_value(v.r, cf, v.details.custom[field_id])
