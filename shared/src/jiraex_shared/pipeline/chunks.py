"""Chunks of issue ids and the planner's checkpoint: what is persisted between enumeration pages."""

import msgspec

from jiraex_shared.jira import SearchCursor


class Chunk(msgspec.Struct, frozen=True, kw_only=True):
    """Issue ids (in export order) that one worker extracts as a unit; `seq` orders the parts in the output."""

    seq: int
    ids: tuple[str, ...]


class PlanState(msgspec.Struct, frozen=True, kw_only=True):
    """Where enumeration stands: resume by searching from `cursor`, with `pending` ids not yet in a chunk.

    `cursor=None` with `done=False` is the start; `done=True` means every id is in a chunk.
    """

    cursor: SearchCursor | None = None
    pending: tuple[str, ...] = ()
    next_seq: int = 0
    enumerated: int = 0
    expected: int | None = None
    done: bool = False
