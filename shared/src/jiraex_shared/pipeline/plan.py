"""PLAN: enumerate the issue ids of a JQL page by page into fixed-size chunks, checkpointing as it goes."""

import msgspec

from jiraex_shared.jira import JiraClient
from jiraex_shared.pipeline.chunks import Chunk, PlanState
from jiraex_shared.pipeline.id_set import IssueIdSet
from jiraex_shared.pipeline.ports import PlanJournal
from jiraex_shared.pipeline.progress import ProgressSink


async def plan_export(
    client: JiraClient, jql: str, *, chunk_size: int, journal: PlanJournal, progress: ProgressSink
) -> PlanState:
    """Enumerate every id matching `jql` into chunks of `chunk_size`, resuming from the journal's state.

    Chunks are saved as soon as they fill, so extraction overlaps enumeration. Ids already seen are
    dropped: a Server/DC result set that shifts while paging by `startAt` must not duplicate an issue.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    state = await journal.load() or PlanState()
    if state.done:
        return state
    if state.expected is None and state.enumerated == 0:
        # A cheap, early validation of the JQL and an estimate for the progress bar.
        state = msgspec.structs.replace(state, expected=await client.approximate_count(jql))
        progress.enumerated(0, expected=state.expected)
    seen = IssueIdSet()
    while True:
        page = await client.search_ids(jql, cursor=state.cursor)
        fresh = [issue_id for issue_id in page.ids if seen.add(issue_id)]
        pending = [*state.pending, *fresh]
        new_chunks = []
        seq = state.next_seq
        while len(pending) >= chunk_size or (page.cursor is None and pending):
            new_chunks.append(Chunk(seq=seq, ids=tuple(pending[:chunk_size])))
            pending = pending[chunk_size:]
            seq += 1
        state = PlanState(
            cursor=page.cursor, pending=tuple(pending), next_seq=seq, enumerated=state.enumerated + len(fresh),
            expected=page.total if page.total is not None else state.expected, done=page.cursor is None,
        )
        await journal.save(state, new_chunks)
        progress.enumerated(len(fresh), expected=state.expected)
        if state.done:
            return state

