"""Keep a claim alive while working, and stop the work the moment the claim is lost to another worker."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.bus.delivery_policy import is_transient
from jiraex_shared.db.repositories import release_job
from jiraex_shared.jobs.deps import JobDeps
from jiraex_shared.log import get_logger

# Pauses between attempts to give a claim back while the database is unreachable: 0.5 s, doubling, at most 4 s.
RELEASE_RETRY_FIRST_SECONDS = 0.5
RELEASE_RETRY_MAX_SECONDS = 4.0

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
    """End our lease on a job now (fenced), so the next delivery need not wait for it to expire."""
    await give_back(deps, lambda session: release_job(session, job_id, epoch), "lease_release_failed",
                    job_id=str(job_id))


async def give_back(
    deps: JobDeps, release: Callable[[AsyncSession], Awaitable[object]], failed_event: str, **context: object
) -> None:
    """Run the fenced ``release`` of a claim whose step failed, retrying while the database is unreachable.

    Giving the claim back is what lets the redelivered message resume the work at once: a claim left in
    place makes every worker skip the work (and ack its message) until the lease runs out and the reaper
    republishes it. A step that fails *because* the database went away would otherwise always leave its
    claim behind (found by the PostgreSQL outage test, R6), so transient failures are retried with a
    capped backoff for as long as the lease lasts; past that the lease has ended by itself anyway. The
    caller's message stays unacknowledged meanwhile, which is what we want: nothing can resume before
    the database is back. Anything else is logged and left to the lease, as before.
    """
    loop = asyncio.get_running_loop()
    give_up_at = loop.time() + deps.lease_seconds
    delay = RELEASE_RETRY_FIRST_SECONDS
    while True:
        try:
            async with deps.sessions() as session, session.begin():
                await release(session)
            return
        except Exception as error:
            if not is_transient(error) or loop.time() + delay > give_up_at:
                log.warning(failed_event, error=str(error), **context)
                return
            log.info("claim_release_retry", error=str(error), retry_in=delay, **context)
        await asyncio.sleep(delay)
        delay = min(delay * 2, RELEASE_RETRY_MAX_SECONDS)
