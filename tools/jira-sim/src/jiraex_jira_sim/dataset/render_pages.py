"""Paged endpoints: comments, worklogs and the Cloud changelog, plus the pages embedded in issues."""

from typing import TYPE_CHECKING, Any

from jiraex_jira_sim.dataset import render_events as ev

if TYPE_CHECKING:
    from jiraex_jira_sim.dataset.renderer import Renderer


def _window(total: int, start_at: int, max_results: int) -> tuple[int, int]:
    start = max(start_at, 0)
    return start, min(total, start + max(max_results, 0))


def comments_page(
    r: "Renderer",
    i: int,
    start_at: int,
    max_results: int,
    order_by: str = "created",
    expand: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """PageOfComments; order_by `created`/`+created` oldest first, `-created` newest first."""
    entries = r.ds.comment_entries(i)
    if order_by.strip().startswith("-"):
        entries = entries[::-1]
    lo, hi = _window(len(entries), start_at, max_results)
    comments = []
    for e in entries[lo:hi]:
        item = ev.comment(r, i, e)
        if "renderedBody" in expand:
            item["renderedBody"] = ev.rendered_body(r, e)
        comments.append(item)
    return {"startAt": lo, "maxResults": max_results, "total": len(entries), "comments": comments}


def embedded_comments(r: "Renderer", i: int, limit: int | None, *, rendered: bool = False) -> dict[str, Any]:
    entries = r.ds.comment_entries(i)
    shown = entries if limit is None else entries[:limit]
    out: dict[str, Any] = {"comments": [ev.comment(r, i, e, rendered=rendered) for e in shown]}
    if r.cloud:
        out["self"] = f"{r.refs.rest}/issue/{r.ds.issue_id(i)}/comment"
    out.update({"maxResults": len(shown), "total": len(entries), "startAt": 0})
    return out


def worklogs_page(r: "Renderer", i: int, start_at: int, max_results: int) -> dict[str, Any]:
    entries = r.ds.worklog_entries(i)
    lo, hi = _window(len(entries), start_at, max_results)
    return {
        "startAt": lo,
        "maxResults": max_results,
        "total": len(entries),
        "worklogs": [ev.worklog(r, i, e) for e in entries[lo:hi]],
    }


def embedded_worklogs(r: "Renderer", i: int, limit: int, *, rendered: bool = False) -> dict[str, Any]:
    entries = r.ds.worklog_entries(i)
    return {
        "startAt": 0,
        "maxResults": limit,
        "total": len(entries),
        "worklogs": [ev.worklog(r, i, e, rendered=rendered) for e in entries[:limit]],
    }


def changelog_page(r: "Renderer", i: int, start_at: int, max_results: int) -> dict[str, Any]:
    """PageBeanChangelog (Cloud GET /issue/{key}/changelog), oldest first."""
    entries = r.ds.history_entries(i)
    total = len(entries)
    lo, hi = _window(total, start_at, max_results)
    base = f"{r.refs.rest}/issue/{r.ds.issue_key(i)}/changelog"
    out: dict[str, Any] = {"self": f"{base}?startAt={lo}&maxResults={max_results}"}
    is_last = hi >= total
    if not is_last:
        out["nextPage"] = f"{base}?startAt={hi}&maxResults={max_results}"
    out.update(
        {
            "maxResults": max_results,
            "startAt": lo,
            "total": total,
            "isLast": is_last,
            "values": [ev.history(r, e) for e in entries[lo:hi]],
        }
    )
    return out
