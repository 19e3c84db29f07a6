"""The fewest Jira Cloud requests a complete export needs (ground truth), and what the simulator counted."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

# Jira Cloud's page limits, which the simulator reproduces (tools/jira-sim/README.md, research/jira-api.md).
ID_PAGE = 5000  # search/jql ids-only page
BULKFETCH_PAGE = 100  # issue/bulkfetch issues per call
CHANGELOG_BATCH = 1000  # changelog/bulkfetch issueIdsOrKeys per call
CHANGELOG_PAGE = 10000  # changelog/bulkfetch histories per page
EMBEDDED_COMMENTS = 20  # comments embedded in a bulkfetch issue
COMMENT_PAGE = 100  # GET issue/{id}/comment page cap
EMBEDDED_WORKLOGS = 20  # worklogs embedded in a bulkfetch issue
WORKLOG_PAGE = 5000  # GET issue/{id}/worklog page cap

MEDIA_PREFIX = "media "  # the simulator's endpoint names for its media host (not Jira requests)


@dataclass(frozen=True)
class MinimumRequests:
    id_pages: int
    bulkfetch_pages: int
    changelog_pages: int
    comment_pages: int
    worklog_pages: int
    attachments: int

    @property
    def total(self) -> int:
        return sum(asdict(self).values())

    def as_dict(self) -> dict[str, int]:
        return {**asdict(self), "total": self.total}


def _rest_pages(count: int, embedded: int, page: int) -> int:
    """Pages still to fetch after an embedded first page of `embedded` items."""
    return math.ceil((count - embedded) / page) if count > embedded else 0


def minimum_requests(issues: Sequence[dict[str, Any]]) -> MinimumRequests:
    """Fewest requests for ground-truth `issues` (in JQL order): id pages, bulkfetch, changelog bulk pages,
    the rest of truncated comment and worklog lists, one request per attachment (its 303; the media host's
    download is not a Jira request). Setup calls (serverInfo, field) are left out."""
    n = len(issues)
    changelog_pages = 0
    for start in range(0, n, CHANGELOG_BATCH):
        histories = sum(issue["histories"] for issue in issues[start : start + CHANGELOG_BATCH])
        changelog_pages += max(1, math.ceil(histories / CHANGELOG_PAGE))
    return MinimumRequests(
        id_pages=max(1, math.ceil(n / ID_PAGE)),
        bulkfetch_pages=math.ceil(n / BULKFETCH_PAGE),
        changelog_pages=changelog_pages,
        comment_pages=sum(_rest_pages(i["comments"], EMBEDDED_COMMENTS, COMMENT_PAGE) for i in issues),
        worklog_pages=sum(_rest_pages(i["worklogs"], EMBEDDED_WORKLOGS, WORKLOG_PAGE) for i in issues),
        attachments=sum(len(i["attachments"]) for i in issues),
    )


def truth_totals(issues: Sequence[dict[str, Any]]) -> dict[str, int]:
    """The manifest `counts` a complete export of `issues` must report."""
    return {
        "issues_exported": len(issues),
        "comments": sum(i["comments"] for i in issues),
        "histories": sum(i["histories"] for i in issues),
        "worklogs": sum(i["worklogs"] for i in issues),
        "attachments": sum(len(i["attachments"]) for i in issues),
        "attachment_bytes": sum(a["size"] for i in issues for a in i["attachments"]),
    }


@dataclass(frozen=True)
class RequestSummary:
    """Jira-side view of one measured phase, from `/__sim/stats` reset just before it."""

    jira_requests: int
    media_requests: int
    status_429: int
    # The simulator's early retries exclude requests already in flight when the 429/503 was sent: those on its
    # own connection count, on other connections only after a grace period (`--early-retry-grace-ms`).
    early_retries: int
    early_same_connection: int
    within_retry_after: int  # every arrival before a deadline, in flight or not
    active_seconds: int  # from the first to the last second in which any request arrived
    by_endpoint: dict[str, dict[str, int]]
    per_second: list[tuple[int, int, int]]  # (second, requests incl. media, 429s)

    @property
    def rate(self) -> float:
        """Jira requests answered (not 429) per second over the active window: the limit's useful share."""
        return (self.jira_requests - self.status_429) / self.active_seconds if self.active_seconds else 0.0

    @property
    def share_429(self) -> float:
        return self.status_429 / self.jira_requests if self.jira_requests else 0.0


def summarise_stats(stats: dict[str, Any]) -> RequestSummary:
    jira = media = 0
    for endpoint, counts in stats["by_endpoint"].items():
        if endpoint.startswith(MEDIA_PREFIX):
            media += sum(counts.values())
        else:
            jira += sum(counts.values())
    seconds = [s["second"] for s in stats["per_second"] if s["requests"]]
    active = seconds[-1] - seconds[0] + 1 if seconds else 0
    return RequestSummary(
        jira_requests=jira,
        media_requests=media,
        status_429=int(stats["by_status"].get("429", 0)),
        early_retries=int(stats["early_retries"]),
        early_same_connection=int(stats.get("early_retries_same_connection", 0)),
        within_retry_after=int(stats.get("arrivals_within_retry_after", 0)),
        active_seconds=active,
        by_endpoint=stats["by_endpoint"],
        per_second=[(s["second"], s["requests"], s["429"]) for s in stats["per_second"]],
    )
