"""The reaper: republish work whose message was lost after commit or whose worker died (ARCHITECTURE §3).

Duplicates are harmless by design — a second delivery finds the claim taken and is dropped — so the reaper
may be generous; it stamps what it republished so a backlog does not gain a message per tick.
"""

import asyncio
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_shared.bus import CommandBus
from jiraex_shared.contracts import AssembleExport, ExportRequested, ExtractChunk
from jiraex_shared.db.repositories import (
    abandoned_jobs,
    expired_chunks,
    get_job,
    note_republished_chunks,
    note_republished_jobs,
    stale_queued_jobs,
    unassembled_jobs,
)
from jiraex_shared.log import get_logger

log = get_logger(__name__)


class Reaped(NamedTuple):
    requests: int
    chunks: int
    assemblies: int


async def reap_once(
    sessions: async_sessionmaker[AsyncSession], bus: CommandBus, *, idle_after: timedelta = timedelta(seconds=60)
) -> Reaped:
    """One pass: stale queued or abandoned jobs, chunks whose lease expired, finished plans never assembled."""
    requests: list[ExportRequested] = []
    assemblies: list[AssembleExport] = []
    async with sessions() as session, session.begin():
        queued = await stale_queued_jobs(session, idle_after)
        abandoned = await abandoned_jobs(session, idle_after)
        unassembled = await unassembled_jobs(session, idle_after)
        for job_id in [*queued, *(job_id for job_id, state in abandoned if state == "planning")]:
            job = await get_job(session, job_id)
            if job.connection_id is None:
                continue
            spec = job.spec
            requests.append(ExportRequested(
                job_id=str(job.id), connection_id=str(job.connection_id), jql=spec["jql"],
                formats=tuple(spec["formats"]), name=job.name,
            ))
        assemble_ids = [*unassembled, *(job_id for job_id, state in abandoned if state == "assembling")]
        assemblies = [AssembleExport(job_id=str(job_id)) for job_id in assemble_ids]
        chunks = await expired_chunks(session, include_pending=True, older_than=idle_after)
        await note_republished_jobs(session, [*queued, *(job_id for job_id, _ in abandoned), *unassembled])
        await note_republished_chunks(session, chunks)
    # Published after the commit that stamped them, like every publish.
    for message in [*requests, *assemblies]:
        await bus.publish(message)
    for job_id, seq in chunks:
        await bus.publish(ExtractChunk(job_id=str(job_id), chunk_index=seq))
    reaped = Reaped(len(requests), len(chunks), len(assemblies))
    if any(reaped):
        log.info("reaped", requests=reaped.requests, chunks=reaped.chunks, assemblies=reaped.assemblies)
    return reaped


async def run_reaper(
    sessions: async_sessionmaker[AsyncSession], bus: CommandBus, *, interval: float, idle_after: timedelta
) -> None:
    """Reap every `interval` seconds until cancelled; a failed pass is logged and retried next time."""
    while True:
        try:
            await reap_once(sessions, bus, idle_after=idle_after)
        except Exception:  # the loop must outlive a database or broker outage
            log.exception("reap_failed")
        await asyncio.sleep(interval)
