"""What the scheduler loop needs, opened by a composition root (the scheduler service or the API) and passed down."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_shared.bus import CommandBus
from jiraex_shared.db.base import utcnow
from jiraex_shared.settings import Settings
from jiraex_shared.storage import ArtifactStore


@dataclass(frozen=True)
class SchedulerDeps:
    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    bus: CommandBus
    store: ArtifactStore
    # The scheduler's notion of now; tests fix it to walk through DST transitions or a dataset's timeline.
    clock: Callable[[], datetime] = field(default=utcnow)

    @property
    def grace(self) -> timedelta:
        """How late a tick may see a slot before it counts as missed (catch-up policy): two ticks, at least 60 s."""
        return timedelta(seconds=max(60.0, 2 * self.settings.scheduler_tick_seconds))
