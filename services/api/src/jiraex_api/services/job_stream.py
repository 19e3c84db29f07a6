"""A job's live stream for one SSE client: snapshot, replay after Last-Event-ID, then live entries via the hub."""

import asyncio
import dataclasses
import random
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_api.repositories import job_rows
from jiraex_api.repositories.stream_access import current_role
from jiraex_api.services.monotonic_progress import ProgressHighWater
from jiraex_api.services.principal import Principal
from jiraex_api.services.stream_hub import StreamHub, Subscription
from jiraex_shared.contracts.codec import encode
from jiraex_shared.contracts.progress import TERMINAL_STATES, JobProgressed, JobSnapshot, ProgressEvent
from jiraex_shared.db import Job
from jiraex_shared.eventstream import EventStream, is_terminal, parse_stream_id
from jiraex_shared.jobs.outcomes import job_counts
from jiraex_shared.log import get_logger

log = get_logger(__name__)
REPLAY_PAGE = 500


@dataclass(frozen=True)
class StreamTimings:
    heartbeat_seconds: float = 15.0
    # Session and job re-checked this often: a revoked session or a deleted job ends the stream.
    recheck_seconds: float = 30.0
    # The connection is recycled after this long; the client reconnects with Last-Event-ID (ARCHITECTURE §5).
    lifetime_seconds: float = 600.0
    retry_ms: int = 3_000


@dataclass(frozen=True)
class Frame:
    """One SSE message (``comment`` alone: a heartbeat)."""

    event: str | None = None
    data: str | None = None
    id: str | None = None
    comment: str | None = None
    retry: int | None = None


@dataclass(frozen=True)
class StreamContext:
    sessions: async_sessionmaker[AsyncSession]
    events: EventStream
    hub: StreamHub
    clock: Callable[[], datetime]
    timings: StreamTimings = StreamTimings()


def snapshot_of(job: Job) -> JobSnapshot:
    return JobSnapshot(
        job_id=str(job.id), state=job.state, export_name=job.name[:255], counts=job_counts(job),  # type: ignore[arg-type]
        error_message=job.error_message, started_at=job.started_at, finished_at=job.finished_at,
    )


def frame_of(entry_id: str | None, event: ProgressEvent) -> Frame:
    return Frame(event=str(event.__struct_config__.tag), data=encode(event).decode(), id=entry_id)


async def follow_job(
    ctx: StreamContext, caller: Principal, snapshot: JobSnapshot, last_event_id: str | None
) -> AsyncIterator[Frame]:
    """Frames until the terminal event, a failed re-check, a too-slow client or the connection's lifetime."""
    job_id = snapshot.job_id
    high_water = ProgressHighWater(snapshot.counts)
    yield dataclasses.replace(frame_of(None, snapshot), retry=ctx.timings.retry_ms)
    last = last_event_id
    async for entry_id, event in _replay(ctx.events, job_id, last):
        last = entry_id
        yield frame_of(entry_id, _monotonic(high_water, event))
        if is_terminal(event):
            return
    if snapshot.state in TERMINAL_STATES:
        return  # the snapshot already says how it ended; the stream may have expired
    subscription = ctx.hub.subscribe(job_id, last or "0-0")
    try:
        # The feed may be past what the first replay read: replay again now that nothing can be missed.
        async for entry_id, event in _replay(ctx.events, job_id, last):
            last = entry_id
            yield frame_of(entry_id, _monotonic(high_water, event))
            if is_terminal(event):
                return
        async for frame in _live(ctx, caller, job_id, subscription, last, high_water):
            yield frame
    finally:
        ctx.hub.unsubscribe(job_id, subscription)


async def _live(
    ctx: StreamContext, caller: Principal, job_id: str, subscription: Subscription, last: str | None,
    high_water: ProgressHighWater,
) -> AsyncIterator[Frame]:
    loop = asyncio.get_running_loop()
    timings = ctx.timings
    end_at = loop.time() + timings.lifetime_seconds
    heartbeat_at = loop.time() + timings.heartbeat_seconds
    # The first re-check at a random point of the interval: streams opened together (a page of clients after a
    # deploy) would otherwise all query the database in the same instant, every interval.
    recheck_at = loop.time() + timings.recheck_seconds * random.uniform(0.5, 1.0)  # noqa: S311 - not a secret
    seen = parse_stream_id(last) if last else (0, 0)
    while not subscription.overflowed:
        now = loop.time()
        if now >= end_at:
            log.info("sse_recycled", job_id=job_id)
            return
        if now >= recheck_at:
            still, snapshot = await _recheck(ctx, caller, job_id)
            if not still:
                log.info("sse_access_ended", job_id=job_id, user_id=str(caller.user_id))
                return
            if snapshot is not None:  # finished, but its terminal entry never reached the stream
                yield frame_of(None, snapshot)
                return
            recheck_at = now + timings.recheck_seconds
        if now >= heartbeat_at:
            yield Frame(comment="heartbeat")
            heartbeat_at = now + timings.heartbeat_seconds
        wait = max(0.0, min(end_at, heartbeat_at, recheck_at) - loop.time())
        try:
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for wraps the get in a new task, and this line runs
            # once per event per client (a thousand tasks per event at the fan-out benchmark's size).
            async with asyncio.timeout(wait):
                entry_id, event = await subscription.queue.get()
        except TimeoutError:
            continue
        position = parse_stream_id(entry_id)
        if position <= seen:
            continue  # already sent by the replay
        seen = position
        yield frame_of(entry_id, _monotonic(high_water, event))
        if is_terminal(event):
            return
    log.warning("sse_client_dropped", job_id=job_id, reason="too slow")


async def _recheck(ctx: StreamContext, caller: Principal, job_id: str) -> tuple[bool, JobSnapshot | None]:
    """(may still read, a final snapshot when the job ended without its terminal entry on the stream)."""
    async with ctx.sessions() as session:
        role = await current_role(session, caller.token_id, ctx.clock())
        if role is None:
            return False, None
        owner = None if role == "admin" else caller.user_id
        job = await job_rows.find_job(session, uuid.UUID(job_id), owner_id=owner)
        if job is None:
            return False, None
        return True, snapshot_of(job) if job.state in TERMINAL_STATES else None


async def _replay(events: EventStream, job_id: str, last: str | None) -> AsyncIterator[tuple[str, ProgressEvent]]:
    while True:
        page = await events.read_after(job_id, last, count=REPLAY_PAGE)
        for entry in page:
            last = entry[0]
            yield entry
        if len(page) < REPLAY_PAGE:
            return


def _monotonic(high_water: ProgressHighWater, event: ProgressEvent) -> ProgressEvent:
    if isinstance(event, JobProgressed):
        return high_water.raise_to_high_water(event)
    return event
