"""Database gauges (jobs by state, queue lag, expired leases), cached briefly so scrapes cost one query batch."""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_api.metrics.exposition import Family, Sample
from jiraex_api.repositories.job_state_counts import jobs_by_state
from jiraex_shared.db.jobs import JOB_STATES
from jiraex_shared.db.repositories.reaper_queries import StuckCounts, stuck_counts

# Several Prometheus replicas (or a person refreshing) within this many seconds share one set of queries.
DEFAULT_TTL_SECONDS = 5.0


@dataclass(frozen=True)
class DbGauges:
    jobs: dict[str, int]
    stuck: StuckCounts


class GaugeCache:
    def __init__(self, ttl_seconds: float = DEFAULT_TTL_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl_seconds
        self._clock = clock
        self._cached: tuple[float, DbGauges] | None = None
        self._lock = asyncio.Lock()

    async def read(self, sessions: async_sessionmaker[AsyncSession]) -> DbGauges:
        async with self._lock:  # concurrent scrapes wait for one query batch instead of each running it
            if self._cached is not None and self._clock() - self._cached[0] < self._ttl:
                return self._cached[1]
            async with sessions() as session:
                gauges = DbGauges(jobs=await jobs_by_state(session), stuck=await stuck_counts(session))
            self._cached = (self._clock(), gauges)
            return gauges


def db_families(gauges: DbGauges) -> list[Family]:
    # Every known state is listed, zero included, so a rate or alert never sees a series vanish.
    states = {state: 0 for state in JOB_STATES} | gauges.jobs
    stuck = gauges.stuck
    return [
        Family("jiraex_jobs", "gauge", "Jobs in the database by state.",
               [Sample("jiraex_jobs", count, {"state": state}) for state, count in sorted(states.items())]),
        Family("jiraex_queue_oldest_queued_age_seconds", "gauge",
               "Age of the oldest job still queued (0 when none is).",
               [Sample("jiraex_queue_oldest_queued_age_seconds", stuck.oldest_queued_age_seconds or 0.0)]),
        Family("jiraex_expired_job_leases", "gauge", "Live jobs whose worker lease ran out.",
               [Sample("jiraex_expired_job_leases", stuck.expired_job_leases)]),
        Family("jiraex_expired_chunk_leases", "gauge", "Running chunks whose worker lease ran out.",
               [Sample("jiraex_expired_chunk_leases", stuck.expired_chunk_leases)]),
    ]
