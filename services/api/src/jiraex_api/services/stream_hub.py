"""One progress-stream reader per job per process, fanning its entries out to every SSE client of that job."""

import asyncio
import contextlib
from dataclasses import dataclass, field

from jiraex_shared.eventstream import EventStream, StreamEntry
from jiraex_shared.log import get_logger

log = get_logger(__name__)

# A client this many entries behind is dropped rather than allowed to hold memory or slow the others;
# it reconnects with Last-Event-ID and replays what it missed from the stream.
DEFAULT_QUEUE_SIZE = 1_000
DEFAULT_BLOCK_MS = 5_000
READ_RETRY_SECONDS = 1.0


@dataclass(eq=False)
class Subscription:
    """One client's bounded queue; ``overflowed`` is set (and the queue detached) when it fell too far behind."""

    queue: asyncio.Queue[StreamEntry]
    overflowed: bool = False


@dataclass(eq=False)
class _Feed:
    job_id: str
    position: str
    subscribers: set[Subscription] = field(default_factory=set)
    task: asyncio.Task[None] | None = None


class StreamHub:
    """Subscribers of one job share one ``follow`` loop; it starts with the first and stops with the last.

    A feed starts after the id its first subscriber has already seen (``"0-0"``: from the beginning), never at
    "now" (XREAD ``$``), so nothing appended between a client's replay and the feed's first read is lost. A later
    subscriber may join a feed that is past its replay: it replays once more after subscribing and drops the
    duplicates by id (see `job_stream`).
    """

    def __init__(
        self, events: EventStream, *, queue_size: int = DEFAULT_QUEUE_SIZE, block_ms: int = DEFAULT_BLOCK_MS
    ) -> None:
        self._events = events
        self._queue_size = queue_size
        self._block_ms = block_ms
        self._feeds: dict[str, _Feed] = {}

    @property
    def readers(self) -> int:
        """Stream readers running now: one per job with clients."""
        return len(self._feeds)

    @property
    def total_clients(self) -> int:
        """SSE clients subscribed now, over every job (read by /metrics)."""
        return sum(len(feed.subscribers) for feed in self._feeds.values())

    def clients(self, job_id: str) -> int:
        feed = self._feeds.get(job_id)
        return len(feed.subscribers) if feed else 0

    def subscribe(self, job_id: str, after: str) -> Subscription:
        subscription = Subscription(asyncio.Queue(self._queue_size))
        feed = self._feeds.get(job_id)
        if feed is None:
            feed = self._feeds[job_id] = _Feed(job_id, after)
            feed.task = asyncio.get_running_loop().create_task(self._run(feed), name=f"sse-feed:{job_id}")
        feed.subscribers.add(subscription)
        return subscription

    def unsubscribe(self, job_id: str, subscription: Subscription) -> None:
        feed = self._feeds.get(job_id)
        if feed is None:
            return
        feed.subscribers.discard(subscription)
        if not feed.subscribers:
            self._stop(feed)

    def _stop(self, feed: _Feed) -> None:
        if self._feeds.get(feed.job_id) is feed:
            del self._feeds[feed.job_id]
        if feed.task is not None and feed.task is not asyncio.current_task():
            feed.task.cancel()

    async def _run(self, feed: _Feed) -> None:
        while feed.subscribers:
            try:
                entries = await self._events.follow(feed.job_id, feed.position, block_ms=self._block_ms)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # Redis away: clients keep their heartbeats and get entries once it is back
                task = asyncio.current_task()
                if not feed.subscribers or (task is not None and task.cancelling()):
                    # Stopped mid-read: redis-py may turn the cancellation into its own TimeoutError.
                    return
                log.warning("sse_feed_read_failed", job_id=feed.job_id, error=f"{type(error).__name__}: {error}")
                await asyncio.sleep(READ_RETRY_SECONDS)
                continue
            for entry in entries:
                feed.position = entry[0]
                self._broadcast(feed, entry)
        self._stop(feed)

    def _broadcast(self, feed: _Feed, entry: StreamEntry) -> None:
        for subscription in list(feed.subscribers):
            try:
                subscription.queue.put_nowait(entry)
            except asyncio.QueueFull:
                subscription.overflowed = True
                feed.subscribers.discard(subscription)
                log.warning("sse_client_too_slow", job_id=feed.job_id, queued=subscription.queue.qsize())
        if not feed.subscribers:
            self._stop(feed)

    async def aclose(self) -> None:
        """Stop every feed (the process is shutting down)."""
        for feed in list(self._feeds.values()):
            self._stop(feed)
            if feed.task is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await feed.task
