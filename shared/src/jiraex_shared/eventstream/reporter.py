"""Reports one job's progress into its event stream: throttled counts, warnings and outcomes in order."""

import asyncio
import enum
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Self

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.contracts.progress import JobPhase, JobProgressed, JobSnapshot, JobStateChanged, ProgressEvent
from jiraex_shared.eventstream.delivery import (
    DEFAULT_TERMINAL_TTL_SECONDS,
    EventDelivery,
    PersistHook,
    event_tag,
    is_terminal,
)
from jiraex_shared.eventstream.protocol import EventStream
from jiraex_shared.eventstream.tally import ProgressTally, warning_event
from jiraex_shared.exporters.manifest import ExportWarning
from jiraex_shared.jira.stats import RequestStats
from jiraex_shared.log import get_logger

CLOSE_TIMEOUT_SECONDS = 10.0
STATS_INTERVAL_SECONDS = 1.0


class _Marker(enum.Enum):
    FLUSH = "flush"
    CLOSE = "close"


@dataclass(frozen=True)
class _Publish:
    event: ProgressEvent
    done: asyncio.Future[str | None]


class JobProgressReporter:
    """A `ProgressSink` that writes to an `EventStream`, for one job in one process.

    Counts go out as ``job.progressed`` at most ``max_per_second`` times a second, always with the
    latest figures; warnings and published events go out at once. One queue, drained by one task,
    carries everything, so the stream shows events in the order they were reported, and a state
    change or outcome follows the progress counted before it. Stream failures are logged, never
    raised: the job must not fail because Redis did. The sink methods must be called on the loop.
    """

    def __init__(
        self,
        stream: EventStream,
        job_id: str,
        *,
        phase: JobPhase,
        max_per_second: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        stats: RequestStats | None = None,
        persist: PersistHook | None = None,
        terminal_ttl_seconds: int = DEFAULT_TERMINAL_TTL_SECONDS,
        close_timeout: float = CLOSE_TIMEOUT_SECONDS,
    ) -> None:
        """``clock`` and ``sleep`` pace the throttle and retries (swap both for a virtual clock in tests).

        ``terminal_ttl_seconds`` is how long the stream outlives the job's outcome, for late SSE
        readers; after that the API's PostgreSQL snapshot is the history.

        ``persist`` runs in the same queue after each warning, error, state change and outcome has
        been appended; its failure is logged and the stream entry stays. It should bound its own time.
        """
        if max_per_second <= 0:
            raise ValueError("max_per_second must be positive")
        self.job_id = job_id
        self._interval = 1.0 / max_per_second
        self._clock = clock
        self._sleep = sleep
        self._delivery = EventDelivery(
            stream, job_id, sleep=sleep, persist=persist, terminal_ttl_seconds=terminal_ttl_seconds
        )
        self._tally = ProgressTally(job_id, phase, stats)
        self._queue: asyncio.Queue[ProgressEvent | _Publish | _Marker] = asyncio.Queue()
        self._dirty = False
        self._flush_requested = False
        self._last_emit: float | None = None
        self._emitted_stats = self._tally.stats_figures()
        self._drainer: asyncio.Task[None] | None = None
        self._helpers: set[asyncio.Task[None]] = set()
        self._close_timeout = close_timeout
        self._closing = False

    @property
    def counts(self) -> ExportCounts:
        return self._tally.counts

    @counts.setter
    def counts(self, counts: ExportCounts) -> None:
        """Replace the figures, e.g. with the job's totals so far before extracting one more chunk."""
        self._tally.counts = counts
        self._mark_dirty()

    @property
    def chunks_total(self) -> int | None:
        return self._tally.chunks_total

    @chunks_total.setter
    def chunks_total(self, total: int | None) -> None:
        self._tally.chunks_total = total
        self._mark_dirty()

    @property
    def chunks_done(self) -> int:
        return self._tally.chunks_done

    @chunks_done.setter
    def chunks_done(self, done: int) -> None:
        self._tally.chunks_done = done
        self._mark_dirty()

    @property
    def phase(self) -> JobPhase:
        return self._tally.phase

    @phase.setter
    def phase(self, phase: JobPhase) -> None:
        self._tally.phase = phase
        self._mark_dirty()

    def enumerated(self, issues: int, *, expected: int | None = None) -> None:
        self._tally.enumerated(issues, expected)
        self._mark_dirty()

    def extracted(self, issues: int) -> None:
        self._tally.extracted(issues)
        self._mark_dirty()

    def downloaded(self, attachments: int, size: int) -> None:
        self._tally.downloaded(attachments, size)
        self._mark_dirty()

    def warned(self, warning: ExportWarning) -> None:
        if self._closing:
            get_logger(__name__).error("progress_warning_dropped", job_id=self.job_id, code=warning.code)
            return
        self._queue.put_nowait(warning_event(self.job_id, warning))

    async def publish(self, event: ProgressEvent) -> str | None:
        """Append ``event`` after everything reported before it; return its id, None if the stream failed.

        An outcome (see `is_terminal`) and a state change first flush pending counts; an outcome
        then gives the stream its TTL. Raises ``ContractError`` for an event readers could not decode.
        """
        if isinstance(event, JobProgressed | JobSnapshot):
            raise ValueError(f"{event_tag(event)} is not published: counts are throttled here")
        if event.job_id != self.job_id:
            raise ValueError(f"event of job {event.job_id} given to the reporter of job {self.job_id}")
        if self._drainer is None or self._closing:
            raise RuntimeError("the progress reporter is not running")
        done: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Publish(event, done))
        return await done

    async def __aenter__(self) -> Self:
        if self._drainer is not None:
            raise RuntimeError("a progress reporter runs once")
        self._drainer = asyncio.create_task(self._drain(), name=f"progress-{self.job_id}")
        if self._tally.stats is not None:
            self._spawn(self._watch_stats())
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Deliver everything queued and the latest counts, then stop; give up after ``close_timeout`` seconds.

        A graceful shutdown has a deadline, and Redis may be what is hanging.
        """
        if self._drainer is None or self._closing:
            return
        self._closing = True
        self._queue.put_nowait(_Marker.CLOSE)
        try:
            await asyncio.wait_for(self._drainer, self._close_timeout)
        except TimeoutError:
            get_logger(__name__).error("progress_close_timed_out", job_id=self.job_id, left=self._queue.qsize())
        finally:
            for helper in list(self._helpers):
                helper.cancel()
            self._abandon_queue()

    def _abandon_queue(self) -> None:
        # Only left over when the drainer was stopped early: answer publishers "not delivered" rather than never.
        while not self._queue.empty():
            item = self._queue.get_nowait()
            if isinstance(item, _Publish) and not item.done.done():
                item.done.set_result(None)

    def _mark_dirty(self) -> None:
        self._dirty = True
        if self._flush_requested or self._closing:
            return
        self._flush_requested = True
        wait = self._throttle_wait()
        if wait <= 0:
            self._queue.put_nowait(_Marker.FLUSH)
        else:
            self._spawn(self._flush_later(wait))

    def _throttle_wait(self) -> float:
        return 0.0 if self._last_emit is None else self._last_emit + self._interval - self._clock()

    async def _flush_later(self, wait: float) -> None:
        await self._sleep(wait)
        self._queue.put_nowait(_Marker.FLUSH)

    async def _watch_stats(self) -> None:
        # Waiting out a 429 moves no count, yet the UI should show it: report changed Jira figures too.
        while True:
            await self._sleep(STATS_INTERVAL_SECONDS)
            if self._tally.stats_figures() != self._emitted_stats:
                self._mark_dirty()

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._helpers.add(task)
        task.add_done_callback(self._helpers.discard)

    async def _drain(self) -> None:
        while True:
            item = await self._queue.get()
            try:
                if item is _Marker.CLOSE:
                    await self._flush_progress(force=True)
                    return
                if item is _Marker.FLUSH:
                    self._flush_requested = False
                    await self._flush_progress(force=False)
                elif isinstance(item, _Publish):
                    await self._settle(item)
                else:
                    await self._deliver(item)
            except Exception as error:  # one bad item must not silence the rest of the job's progress
                get_logger(__name__).exception("progress_report_failed", job_id=self.job_id, error=str(error))

    async def _flush_progress(self, *, force: bool) -> None:
        """Emit the latest counts if they changed; forced flushes wait out the throttle instead of skipping."""
        if not self._dirty:
            return
        wait = self._throttle_wait()
        if wait > 0:
            if not force:
                self._mark_dirty()
                return
            await self._sleep(wait)
        self._dirty = False
        self._last_emit = self._clock()
        self._emitted_stats = self._tally.stats_figures()
        await self._delivery.append(self._tally.progressed())

    async def _settle(self, item: _Publish) -> None:
        stream_id = None
        try:
            stream_id = await self._deliver(item.event)
        except Exception as error:
            if not item.done.done():
                item.done.set_exception(error)
        finally:  # also when the drainer is cancelled mid-delivery: the publisher gets "not delivered"
            if not item.done.done():
                item.done.set_result(stream_id)

    async def _deliver(self, event: ProgressEvent) -> str | None:
        if is_terminal(event) or isinstance(event, JobStateChanged):
            await self._flush_progress(force=True)
        return await self._delivery.deliver(event)
