"""Search results and the resumable cursor the pipeline checkpoints in the database between id pages."""

from __future__ import annotations

import msgspec


class SearchCursor(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Where the next id page starts. Serialise with msgspec (`msgspec.json.encode(cursor)`) to checkpoint it.

    Cloud fills `next_page_token` (opaque, valid for 7 days); Server/DC fills `start_at` and `page_size`, the
    page size the server echoed (it silently clamps what we ask for).
    """

    next_page_token: str | None = None
    start_at: int = 0
    page_size: int | None = None


class SearchPage(msgspec.Struct, frozen=True, kw_only=True):
    """One page of issue ids (and keys, same order). `cursor` None means the enumeration is complete.

    `total` is the server's count on Server/DC (it may drift while paging) and None on Cloud, whose search
    does not count.
    """

    ids: list[str]
    keys: list[str]
    cursor: SearchCursor | None
    total: int | None = None
