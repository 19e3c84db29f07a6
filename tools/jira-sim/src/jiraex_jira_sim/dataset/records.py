"""Compact per-issue records: a few machine-int arrays, everything else is derived on demand."""

from array import array
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from jiraex_jira_sim.dataset.catalog import BUG, DONE_CAT, EPIC, STATUSES, STORY, SUBTASK, TASK
from jiraex_jira_sim.dataset.config import DatasetConfig
from jiraex_jira_sim.dataset.rng import Stream, sub_rng

DAY_MS = 86_400_000
SPAN_MS = 730 * DAY_MS  # issues are created over the two years before base_time
LINK_TYPE_COUNT = 4


@dataclass(slots=True)
class Records:
    """Column arrays indexed by issue index; times are epoch milliseconds."""

    project: array = field(default_factory=lambda: array("B"))
    number: array = field(default_factory=lambda: array("I"))
    issue_type: array = field(default_factory=lambda: array("B"))
    status: array = field(default_factory=lambda: array("B"))
    priority: array = field(default_factory=lambda: array("B"))
    resolution: array = field(default_factory=lambda: array("b"))
    created: array = field(default_factory=lambda: array("q"))
    updated: array = field(default_factory=lambda: array("q"))
    resolved: array = field(default_factory=lambda: array("q"))
    parent: array = field(default_factory=lambda: array("i"))
    labels: array = field(default_factory=lambda: array("H"))
    assignee: array = field(default_factory=lambda: array("h"))
    reporter: array = field(default_factory=lambda: array("h"))
    # prefix sums (n + 1 entries): item k of issue i has global ordinal start[i] + k
    comment_start: array = field(default_factory=lambda: array("q", [0]))
    history_start: array = field(default_factory=lambda: array("q", [0]))
    worklog_start: array = field(default_factory=lambda: array("q", [0]))
    attachment_start: array = field(default_factory=lambda: array("q", [0]))
    # per project: issue index of key number k + 1
    by_number: list[array] = field(default_factory=list)
    # links: ordinal -> (outward issue, inward issue, link type); adjacency per issue
    link_out: array = field(default_factory=lambda: array("i"))
    link_in: array = field(default_factory=lambda: array("i"))
    link_type: array = field(default_factory=lambda: array("B"))
    links_of: dict[int, list[int]] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.project)

    def count(self, starts: array, i: int) -> int:
        return starts[i + 1] - starts[i]

    def locate(self, starts: array, ordinal: int) -> tuple[int, int] | None:
        """Global item ordinal -> (issue index, position within the issue)."""
        if ordinal < 0 or ordinal >= starts[-1]:
            return None
        i = bisect_right(starts, ordinal) - 1
        return i, ordinal - starts[i]


def is_heavy(cfg: DatasetConfig, i: int) -> bool:
    return i % cfg.heavy_every == cfg.heavy_every - 1


def _pick(cum: list[float], roll: float) -> int:
    return bisect_right(cum, roll * cum[-1])


_TYPE_CUM = list(accumulate((0.05, 0.35, 0.3, 0.3)))  # epic, story, task, bug
_STATUS_CUM = list(accumulate((0.3, 0.2, 0.1, 0.3, 0.1)))
_PRIORITY_CUM = list(accumulate((0.05, 0.15, 0.5, 0.2, 0.1)))
_STANDARD = (EPIC, STORY, TASK, BUG)


def _counts(cfg: DatasetConfig, i: int, rnd: Callable[[], float]) -> tuple[int, int, int, int]:
    if is_heavy(cfg, i):
        # heavy tail: > 100 comments, > 20 worklogs, > 100 histories, and > 1000 on every 8th heavy issue
        ordinal = i // cfg.heavy_every
        histories = 1001 + int(rnd() * 600) if ordinal % 8 == 0 else 150 + int(rnd() * 450)
        return 120 + int(rnd() * 280), histories, 21 + int(rnd() * 60), 10 + int(rnd() * 6)
    comments = 0 if rnd() < 0.4 else 1 + int(rnd() * 8)
    histories = int(rnd() * 13)
    worklogs = 0 if rnd() < 0.6 else 1 + int(rnd() * 4)
    attachments = 0 if rnd() < 0.6 else 1 + int(rnd() * 3)
    if i == 0:
        attachments = max(attachments, 2)  # issue 0 always holds the 0-byte attachment
    return comments, histories, worklogs, attachments


def build_records(cfg: DatasetConfig, base_ms: int) -> Records:
    """One sequential pass with a single generator: O(n) time, ~60 bytes per issue."""
    rng = sub_rng(cfg.seed, Stream.RECORDS)
    rnd = rng.random
    rec = Records()
    rec.by_number = [array("i") for _ in range(cfg.projects)]
    project_cum = list(accumulate(1.0 / (p + 1) for p in range(cfg.projects)))
    recent: list[list[int]] = [[] for _ in range(cfg.projects)]
    epics: list[list[int]] = [[] for _ in range(cfg.projects)]
    step = max(SPAN_MS // max(cfg.issues, 1), 2)
    start = base_ms - SPAN_MS - DAY_MS
    seen_links: set[tuple[int, int, int]] = set()
    assignable = cfg.users - 1  # the last user is the automation app account
    for i in range(cfg.issues):
        p = _pick(project_cum, rnd())
        rec.project.append(p)
        rec.by_number[p].append(i)
        rec.number.append(len(rec.by_number[p]))
        parent = -1
        if recent[p] and rnd() < 0.15:
            itype = SUBTASK
            parent = recent[p][int(rnd() * len(recent[p]))]
        else:
            itype = _STANDARD[_pick(_TYPE_CUM, rnd())]
            if itype != EPIC and epics[p] and rnd() < 0.3:
                parent = epics[p][int(rnd() * len(epics[p]))]
            recent[p].append(i)
            if len(recent[p]) > 64:
                del recent[p][0]
            if itype == EPIC:
                epics[p].append(i)
                if len(epics[p]) > 16:
                    del epics[p][0]
        if parent >= 0:
            rec.children.setdefault(parent, []).append(i)
        rec.issue_type.append(itype)
        rec.parent.append(parent)
        created = start + i * step + int(rnd() * (step // 2))
        heavy = is_heavy(cfg, i)
        span = (60 + rnd() * 340) * DAY_MS if heavy else 60_000 + (rnd() ** 3) * 120 * DAY_MS
        updated = min(created + 1000 + int(span), base_ms - 1000)
        updated = max(updated, created + 1000)
        rec.created.append(created)
        rec.updated.append(updated)
        status = _pick(_STATUS_CUM, rnd())
        rec.status.append(status)
        if STATUSES[status].category is DONE_CAT:
            rec.resolution.append(0 if status == 3 else 1 + int(rnd() * 3))
            rec.resolved.append(updated - int(rnd() * (updated - created) / 4))
        else:
            rec.resolution.append(-1)
            rec.resolved.append(0)
        rec.priority.append(_pick(_PRIORITY_CUM, rnd()))
        mask = 0
        if rnd() >= 0.4:
            for _ in range(1 + int(rnd() * 3)):
                mask |= 1 << int(rnd() * 12)
        rec.labels.append(mask)
        rec.assignee.append(-1 if rnd() < 0.25 else int(rnd() * assignable))
        rec.reporter.append(int(rnd() * assignable))
        comments, histories, worklogs, attachments = _counts(cfg, i, rnd)
        rec.comment_start.append(rec.comment_start[-1] + comments)
        rec.history_start.append(rec.history_start[-1] + histories)
        rec.worklog_start.append(rec.worklog_start[-1] + worklogs)
        rec.attachment_start.append(rec.attachment_start[-1] + attachments)
        link_count = (5 + int(rnd() * 10)) if heavy else (1 if rnd() < 0.12 else 0)
        for _ in range(link_count if i else 0):
            other, ltype = int(rnd() * i), int(rnd() * LINK_TYPE_COUNT)
            if (other, i, ltype) in seen_links:
                continue
            seen_links.add((other, i, ltype))
            ordinal = len(rec.link_type)
            # the newer issue is the outward side ("i blocks other")
            rec.link_out.append(i)
            rec.link_in.append(other)
            rec.link_type.append(ltype)
            rec.links_of.setdefault(i, []).append(ordinal)
            rec.links_of.setdefault(other, []).append(ordinal)
    return rec
