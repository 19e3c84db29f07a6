"""The scheduler's composition root: database, artifact store and the RabbitMQ command bus, for the process's life."""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from jiraex_shared.bus import CommandBus
from jiraex_shared.bus.rabbit_bus import open_rabbit_command_bus
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.scheduling import SchedulerDeps
from jiraex_shared.settings import Settings
from jiraex_shared.settings.adapters import database_url
from jiraex_shared.storage import open_artifact_store

APP_ID = "jiraex-scheduler"


@asynccontextmanager
async def open_scheduler_deps(settings: Settings, bus: CommandBus | None = None) -> AsyncIterator[SchedulerDeps]:
    """Everything the loop holds; ``bus`` defaults to a publishing-only RabbitMQ bus on ``rabbitmq_url``."""
    async with AsyncExitStack() as stack:
        engine = create_db_engine(database_url(settings))
        stack.push_async_callback(engine.dispose)
        store = await stack.enter_async_context(open_artifact_store(settings))
        if bus is None:
            bus = await stack.enter_async_context(open_rabbit_command_bus(settings.rabbitmq_url, app_id=APP_ID))
        yield SchedulerDeps(settings=settings, sessions=create_session_factory(engine), bus=bus, store=store)
