"""Planning: ids become fixed-size chunks in order, the cursor is checkpointed, a resumed plan loses nothing."""

import pytest

from jiraex_shared.jira import SearchCursor, SearchPage
from jiraex_shared.pipeline.chunks import Chunk
from jiraex_shared.pipeline.plan import plan_export
from jiraex_shared.pipeline.ports import MemoryPlanJournal
from jiraex_shared.pipeline.progress import NullProgress


class PagedSearch:
    """A Jira search that serves `ids` in pages of `page` and can fail once at a given page."""

    def __init__(self, ids: list[str], page: int, *, fail_at_page: int | None = None, repeat: int = 0) -> None:
        self.ids, self.page, self.fail_at_page, self.repeat = ids, page, fail_at_page, repeat
        self.calls = 0

    async def approximate_count(self, jql: str) -> int:
        return len(self.ids)

    async def search_ids(self, jql: str, *, cursor: SearchCursor | None = None) -> SearchPage:
        self.calls += 1
        start = cursor.start_at if cursor else 0
        if self.fail_at_page is not None and start == self.fail_at_page * self.page:
            self.fail_at_page = None
            raise ConnectionError("dropped")
        # `repeat` ids of the previous page come again, as a Server/DC result set shifting under startAt does.
        begin = max(0, start - self.repeat) if start else 0
        ids = self.ids[begin : start + self.page]
        end = start + self.page
        nxt = SearchCursor(start_at=end, page_size=self.page) if end < len(self.ids) else None
        return SearchPage(ids=ids, keys=ids, cursor=nxt, total=len(self.ids))


async def collect(search: PagedSearch, chunk_size: int, journal: MemoryPlanJournal | None = None) -> list[Chunk]:
    chunks: list[Chunk] = []

    async def take(chunk: Chunk) -> None:
        chunks.append(chunk)

    journal = journal or MemoryPlanJournal(take)
    await plan_export(search, "project = A", chunk_size=chunk_size, journal=journal, progress=NullProgress())
    return journal.chunks


IDS = [str(10_000 + n) for n in range(23)]


@pytest.mark.parametrize(("page", "chunk_size"), [(5, 4), (23, 23), (100, 7), (1, 1), (4, 10)])
async def test_chunks_hold_every_id_once_in_order(page: int, chunk_size: int) -> None:
    chunks = await collect(PagedSearch(IDS, page), chunk_size)
    assert [issue for chunk in chunks for issue in chunk.ids] == IDS
    assert [chunk.seq for chunk in chunks] == list(range(len(chunks)))
    assert all(len(chunk.ids) == chunk_size for chunk in chunks[:-1])


async def test_ids_repeated_across_pages_are_dropped() -> None:
    chunks = await collect(PagedSearch(IDS, 5, repeat=2), 4)
    assert [issue for chunk in chunks for issue in chunk.ids] == IDS


async def test_a_plan_killed_mid_enumeration_resumes_from_its_checkpoint() -> None:
    received: list[Chunk] = []

    async def take(chunk: Chunk) -> None:
        received.append(chunk)

    journal = MemoryPlanJournal(take)
    search = PagedSearch(IDS, 5, fail_at_page=3)
    with pytest.raises(ConnectionError):
        await plan_export(search, "project = A", chunk_size=4, journal=journal, progress=NullProgress())
    state = await journal.load()
    assert state is not None
    assert not state.done
    assert state.cursor == SearchCursor(start_at=15, page_size=5)
    calls_before = search.calls
    final = await plan_export(search, "project = A", chunk_size=4, journal=journal, progress=NullProgress())
    assert final.done
    assert final.enumerated == len(IDS)
    assert [issue for chunk in received for issue in chunk.ids] == IDS
    assert search.calls - calls_before == 2, "the resumed plan starts at the failed page, not at the beginning"


async def test_a_finished_plan_is_not_run_again() -> None:
    journal = MemoryPlanJournal(lambda chunk: _noop())
    search = PagedSearch(IDS, 10)
    await plan_export(search, "q", chunk_size=5, journal=journal, progress=NullProgress())
    calls = search.calls
    await plan_export(search, "q", chunk_size=5, journal=journal, progress=NullProgress())
    assert search.calls == calls


async def _noop() -> None:
    return None


async def test_chunk_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        await collect(PagedSearch(IDS, 5), 0)
