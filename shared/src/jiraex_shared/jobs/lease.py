"""Keep a claim alive while working, and stop the work the moment the claim is lost to another worker."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.repositories import release_job
from jiraex_shared.jobs.deps import JobDeps
from jiraex_shared.log import get_logger

log = get_logger(__name__)


class LeaseLost(Exception):
    """Another worker took the claim over (our lease expired while we were paused): stop without writing."""


@asynccontextmanager
async def keep_lease(deps: JobDeps, renew: Callable[[AsyncSession], Awaitable[bool]]) -> AsyncIterator[None]:
    """Renew every third of the lease; a refused renewal cancels the block and raises `LeaseLost`.

    A renewal that fails because the database is unreachable is logged and retried: the fenced writes
    that follow protect correctness, the renewal only keeps other workers from taking over needlessly.
    """
    worker = asyncio.current_task()
    assert worker is not None
    lost = asyncio.Event()

    async def renewer() -> None:
        while True:
            await asyncio.sleep(deps.lease_seconds / 3)
            try:
                async with deps.sessions() as session, session.begin():
                    held = await renew(session)
            except Exception as error:
                log.warning("lease_renewal_failed", error=str(error))
                continue
            if not held:
                lost.set()
                worker.cancel()
                return

    renewal = asyncio.create_task(renewer())
    try:
        yield
    except asyncio.CancelledError:
        if lost.is_set() and worker.uncancel() == 0:
            raise LeaseLost from None
        raise
    finally:
        renewal.cancel()


async def release_claim(deps: JobDeps, job_id: uuid.UUID, epoch: int) -> None:
    """End our lease on a job now (fenced), so the next delivery need not wait for it to expire.

    Best effort: when the database is what failed, the lease simply runs out and the reaper takes over.
    """
    try:
        async with deps.sessions() as session, session.begin():
            await release_job(session, job_id, epoch)
    except Exception as error:
        log.warning("lease_release_failed", job_id=str(job_id), error=str(error))
