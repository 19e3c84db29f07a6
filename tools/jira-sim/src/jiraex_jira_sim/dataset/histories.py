"""Change histories whose value chains end at the issue's current values."""

import random
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from jiraex_jira_sim.dataset.catalog import DONE_CAT, STATUS_TODO, STATUSES
from jiraex_jira_sim.dataset.events import HISTORY_FIRST_ID, IssueWindow, spread
from jiraex_jira_sim.dataset.rng import Stream, below, between, pick, sub_rng, subset
from jiraex_jira_sim.dataset.text import summary_text

_KINDS = ("status", "priority", "assignee", "labels", "summary", "storypoints", "rank")
_KIND_CUM = list(accumulate((0.3, 0.12, 0.18, 0.12, 0.06, 0.12, 0.1)))
_POINTS = (None, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0)
_LABEL_POOL = ("backend", "frontend", "regression", "tech-debt", "l10n", "日本語")


@dataclass(frozen=True, slots=True)
class Change:
    """One changed field; values are raw (indices, strings); the renderer formats them."""

    kind: str  # status, resolution, priority, assignee, labels, summary, storypoints, rank
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: int
    author: int
    created_ms: int
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class FinalValues:
    """The issue's current values: every chain of changes must end here."""

    status: int
    resolution: int
    priority: int
    assignee: int
    labels: str
    summary: str
    story_points: float | None


def _chain(rng: random.Random, m: int, initial: Any, final: Any, draw: Callable[[], Any]) -> list[Any] | None:
    """m + 1 values from initial to final, each different from the previous; None if impossible."""
    if m == 0:
        return [initial]
    if m == 1:
        return None if initial == final else [initial, final]
    values = [initial]
    for _ in range(m - 1):
        value = draw()
        for _ in range(8):
            if value != values[-1]:
                break
            value = draw()
        values.append(value)
    if values[-1] == final:
        for _ in range(16):
            value = draw()
            if value not in (values[-2], final):
                values[-1] = value
                break
    values.append(final)
    return values


def _labels(rng: random.Random) -> str:
    return " ".join(_LABEL_POOL[k] for k in subset(rng, len(_LABEL_POOL), between(rng, 0, 2)))


@dataclass(frozen=True, slots=True)
class HistoryShape:
    """When each history happened, what kind of change it is, and the status chain.

    Drawn from its own generator so the status timeline (statuscategorychangedate) is cheap to know
    without generating every history's values.
    """

    times: list[int]
    kinds: list[str]
    statuses: list[int]  # initial status followed by the status after each "status" history


def history_shape(seed: int, window: IssueWindow, final_status: int) -> HistoryShape:
    rng = sub_rng(seed, Stream.HISTORIES, window.index)
    rnd = rng.random
    times = spread(rng, window, pin_last=True)
    n = len(times)
    top = _KIND_CUM[-1]
    kinds = [_KINDS[bisect_right(_KIND_CUM, rnd() * top)] for _ in range(n)]
    if n and "status" not in kinds and final_status != STATUS_TODO:
        kinds[-1] = "status"  # issues are created in To Do: reaching any other status takes a transition
    positions = [k for k, kind in enumerate(kinds) if kind == "status"]
    statuses = _chain(rng, len(positions), STATUS_TODO, final_status, lambda: int(rnd() * len(STATUSES)))
    if statuses is None:  # a single change cannot lead from To Do back to To Do
        kinds[positions[0]] = "rank"
        statuses = [STATUS_TODO]
    return HistoryShape(times, kinds, statuses)


def last_category_change(shape: HistoryShape) -> int | None:
    """Time of the newest status change that crossed status categories, if any."""
    positions = [k for k, kind in enumerate(shape.kinds) if kind == "status"]
    for step in range(len(positions) - 1, -1, -1):
        if STATUSES[shape.statuses[step]].category is not STATUSES[shape.statuses[step + 1]].category:
            return shape.times[positions[step]]
    return None


def histories(seed: int, window: IssueWindow, final: FinalValues, users: int) -> list[HistoryEntry]:
    """Oldest first; the newest history is stamped with the issue's `updated` time."""
    shape = history_shape(seed, window, final.status)
    times, kinds = shape.times, list(shape.kinds)
    rng = sub_rng(seed, Stream.HISTORY_VALUES, window.index)
    assignable = users - 1
    draws: dict[str, tuple[Any, Any, Callable[[], Any]]] = {
        "priority": (below(rng, 5), final.priority, lambda: below(rng, 5)),
        "assignee": (between(rng, -1, assignable - 1), final.assignee, lambda: between(rng, -1, assignable - 1)),
        "labels": (_labels(rng), final.labels, lambda: _labels(rng)),
        "summary": (summary_text(rng), final.summary, lambda: summary_text(rng)),
        "storypoints": (None, final.story_points, lambda: pick(rng, _POINTS)),
    }
    chains: dict[str, list[Any]] = {"status": shape.statuses}
    for kind, (initial, last, draw) in draws.items():
        positions = [k for k, kk in enumerate(kinds) if kk == kind]
        values = _chain(rng, len(positions), initial, last, draw)
        if values is None:  # one change cannot both start and end at the same value
            kinds[positions[0]] = "rank"
            values = [initial]
        chains[kind] = values
    cursor = dict.fromkeys(chains, 0)
    resolution = -1
    out = []
    for k, kind in enumerate(kinds):
        changes: list[Change] = []
        if kind == "rank":
            changes.append(Change("rank", None, "Ranked higher" if rng.random() < 0.5 else "Ranked lower"))
        else:
            pos = cursor[kind]
            old, new = chains[kind][pos], chains[kind][pos + 1]
            cursor[kind] = pos + 1
            changes.append(Change(kind, old, new))
            if kind == "status":
                resolution = _resolution_change(changes, old, new, resolution, final, cursor, chains)
        author = users - 1 if rng.random() < 0.1 else below(rng, users - 1)
        out.append(HistoryEntry(HISTORY_FIRST_ID + window.first_ordinal + k, author, times[k], tuple(changes)))
    return out


def _resolution_change(
    changes: list[Change],
    old: int,
    new: int,
    resolution: int,
    final: FinalValues,
    cursor: dict[str, int],
    chains: dict[str, list[Any]],
) -> int:
    """Entering a done status sets a resolution, leaving one clears it (the last one is the current)."""
    was_done = STATUSES[old].category is DONE_CAT
    is_done = STATUSES[new].category is DONE_CAT
    if is_done and not was_done:
        last = cursor["status"] == len(chains["status"]) - 1
        target = final.resolution if last and final.resolution >= 0 else 0
        changes.append(Change("resolution", -1, target))
        return target
    if (
        was_done
        and is_done
        and cursor["status"] == len(chains["status"]) - 1
        and final.resolution >= 0
        and resolution != final.resolution
    ):
        changes.append(Change("resolution", resolution, final.resolution))
        return final.resolution
    if was_done and not is_done and resolution >= 0:
        changes.append(Change("resolution", resolution, -1))
        return -1
    return resolution
