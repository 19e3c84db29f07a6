"""The worker's composition root: the job steps over the resources `jiraex_shared.jobs.runtime` opens."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from jiraex_shared.bus import CommandBus, JobSteps
from jiraex_shared.jobs import create_job_steps
from jiraex_shared.jobs.runtime import open_job_deps
from jiraex_shared.settings import Settings


@asynccontextmanager
async def open_job_steps(settings: Settings, bus: CommandBus) -> AsyncIterator[JobSteps]:
    async with open_job_deps(settings, bus) as deps:
        yield create_job_steps(deps)
