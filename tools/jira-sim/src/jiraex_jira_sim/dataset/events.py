"""Comments, worklogs and change histories of one issue, as plain entries ordered by time."""

import random
from dataclasses import dataclass

from jiraex_jira_sim.dataset.rng import Stream, below, pick, sub_rng

COMMENT_FIRST_ID = 10000
WORKLOG_FIRST_ID = 10000
HISTORY_FIRST_ID = 10000


@dataclass(frozen=True, slots=True)
class IssueWindow:
    """Where an issue's events live: its index, time window and global item ordinals."""

    index: int
    created_ms: int
    updated_ms: int
    first_ordinal: int
    count: int


@dataclass(frozen=True, slots=True)
class CommentEntry:
    id: int
    author: int
    update_author: int
    created_ms: int
    updated_ms: int
    restricted: bool  # visible to the Administrators role only


@dataclass(frozen=True, slots=True)
class WorklogEntry:
    id: int
    author: int
    update_author: int
    started_ms: int
    created_ms: int
    updated_ms: int
    seconds: int
    has_comment: bool
    restricted: bool


def spread(rng: random.Random, window: IssueWindow, pin_last: bool = False) -> list[int]:
    """`count` sorted timestamps inside (created, updated]; with pin_last the newest one is `updated`."""
    lo, hi = window.created_ms + 1, window.updated_ms
    width = max(hi - lo, 1)
    times = sorted(lo + int(rng.random() * width) for _ in range(window.count))
    if times and pin_last:
        times[-1] = hi
    return times


def comments(seed: int, window: IssueWindow, users: int) -> list[CommentEntry]:
    """Oldest first; about one in five was edited later (updated > created, sometimes by someone else)."""
    rng = sub_rng(seed, Stream.COMMENTS, window.index)
    times = spread(rng, window)
    out = []
    for k, created in enumerate(times):
        author = below(rng, users - 1)
        edited = rng.random() < 0.2
        updated = created + int(rng.random() * (window.updated_ms - created)) if edited else created
        out.append(
            CommentEntry(
                COMMENT_FIRST_ID + window.first_ordinal + k,
                author,
                below(rng, users - 1) if edited and rng.random() < 0.3 else author,
                created,
                updated,
                rng.random() < 0.05,
            )
        )
    return out


_WORK = (900, 1800, 3600, 5400, 7200, 4 * 3600, 8 * 3600, 12000)


def worklogs(seed: int, window: IssueWindow, users: int) -> list[WorklogEntry]:
    """Oldest first by creation; work starts before it is logged but never before the issue existed."""
    rng = sub_rng(seed, Stream.WORKLOGS, window.index)
    times = spread(rng, window)
    out = []
    for k, created in enumerate(times):
        author = below(rng, users - 1)
        seconds = pick(rng, _WORK)
        started = max(window.created_ms, created - seconds * 1000 - int(rng.random() * 3_600_000))
        out.append(
            WorklogEntry(
                WORKLOG_FIRST_ID + window.first_ordinal + k,
                author,
                author,
                started,
                created,
                created,
                seconds,
                rng.random() < 0.7,
                rng.random() < 0.05,
            )
        )
    return out
