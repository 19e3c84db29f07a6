"""The planner's persistence port: the worker implements it on the jobs table, the CLI in memory."""

from typing import Protocol

from jiraex_shared.pipeline.chunks import Chunk, PlanState


class PlanJournal(Protocol):
    async def load(self) -> PlanState | None:
        """The last saved state, or None when planning has not started."""
        ...

    async def save(self, state: PlanState, new_chunks: list[Chunk]) -> None:
        """Persist `state` and the chunks that filled up since the last save, atomically.

        Implementations hand the new chunks to extraction only after they are durable (publish after commit),
        so a planner killed mid-page resumes from the last saved cursor without losing or repeating a chunk.
        """
        ...


class MemoryPlanJournal:
    """Keeps the state in memory and forwards each new chunk to a callback (in-process extraction)."""

    def __init__(self, on_chunk) -> None:  # type: ignore[no-untyped-def]
        self._state: PlanState | None = None
        self._on_chunk = on_chunk
        self.chunks: list[Chunk] = []

    async def load(self) -> PlanState | None:
        return self._state

    async def save(self, state: PlanState, new_chunks: list[Chunk]) -> None:
        self._state = state
        self.chunks.extend(new_chunks)
        for chunk in new_chunks:
            await self._on_chunk(chunk)
