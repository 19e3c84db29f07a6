"""The embedded composition root: the API's dependencies plus the worker, notifier and scheduler on its bus."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field

from jiraex_api.deps import ApiDeps, DepsOptions, open_api_deps
from jiraex_api.embedded.step_gate import StepGate
from jiraex_shared.bus import InProcessCommandBus, job_step_handlers
from jiraex_shared.connections.egress_refresh import live_guarded_client
from jiraex_shared.jobs import JobDeps, create_job_steps
from jiraex_shared.jobs.runtime import worker_name
from jiraex_shared.log import get_logger
from jiraex_shared.notify import NotifierDeps, RetryPolicy, create_mailer, notifier_handlers
from jiraex_shared.notify.deps import claim_seconds_for
from jiraex_shared.ratelimit import MemoryRateGovernor
from jiraex_shared.scheduling import SchedulerDeps, run_scheduler_loop
from jiraex_shared.security.credential_cipher import CredentialCipher
from jiraex_shared.settings import Settings

# Jira answers slowly under load; the client's own overall timeout (as the fleet worker's read timeout).
JIRA_TIMEOUT_SECONDS = 60.0

SCHEDULER_STOP_SECONDS = 5.0

log = get_logger(__name__)


@dataclass
class EmbeddedRuntime:
    """What runs beside the API in this process, kept so tests and the banner can look at it."""

    gate: StepGate = field(default_factory=StepGate)
    notifier: NotifierDeps | None = None
    scheduler: asyncio.Task[None] | None = None


@asynccontextmanager
async def open_embedded_deps(
    settings: Settings, runtime: EmbeddedRuntime | None = None, options: DepsOptions | None = None
) -> AsyncIterator[ApiDeps]:
    """``create_app``'s ``open_deps`` for ``jiraex serve``: one engine, store, bus and stream for everything.

    The worker, the notifier and the scheduler share the API's session factory, artifact store, in-process
    bus and memory stream, so the SSE routes read the very stream the steps write, and SQLite has one pool.
    Closing stops the scheduler, gives running steps ``worker_grace_seconds``, then closes the rest. The
    database must already be migrated (``first_admin.prepare_first_login`` runs first): the egress allow-list
    is first read here.
    """
    runtime = runtime or EmbeddedRuntime()
    async with AsyncExitStack() as stack:
        api = await stack.enter_async_context(open_api_deps(settings, options))
        bus = api.bus
        if not isinstance(bus, InProcessCommandBus):
            raise TypeError("the embedded mode needs the in-process command bus (JIRA_EXTRACTOR_RABBITMQ_URL is set)")
        # The allow-list follows an admin's edits while the process runs (reloaded every 30 s).
        http = await stack.enter_async_context(
            live_guarded_client(api.sessions, settings, read_timeout=JIRA_TIMEOUT_SECONDS)
        )
        jobs = JobDeps(
            settings=settings, sessions=api.sessions, store=api.store, bus=bus, events=api.events,
            governor=MemoryRateGovernor(), http=http, cipher=CredentialCipher.from_settings(settings),
            worker_name=f"embedded:{worker_name()}", lease_seconds=settings.worker_lease_seconds,
        )
        retry = RetryPolicy()
        runtime.notifier = NotifierDeps(
            sessions=api.sessions, mailer=create_mailer(settings), sender=settings.mail_from,
            public_url=settings.public_url, retry=retry, claim_seconds=claim_seconds_for(settings, retry),
        )
        for message_type, handler in runtime.gate.wrap(job_step_handlers(create_job_steps(jobs))).items():
            bus.register(message_type, handler)
        for message_type, handler in notifier_handlers(runtime.notifier).items():
            bus.register(message_type, handler)
        stop = asyncio.Event()
        scheduler = SchedulerDeps(settings=settings, sessions=api.sessions, bus=bus, store=api.store)
        runtime.scheduler = asyncio.create_task(run_scheduler_loop(scheduler, stop), name="embedded-scheduler")
        try:
            yield api
        finally:
            stop.set()
            runtime.notifier.stopping.set()
            await runtime.gate.stop(settings.worker_grace_seconds)
            # The loop ends at its next wait; a tick still running after a few seconds (a slow database) is cut.
            _, late = await asyncio.wait({runtime.scheduler}, timeout=SCHEDULER_STOP_SECONDS)
            for task in late:
                task.cancel()
            await asyncio.gather(runtime.scheduler, return_exceptions=True)
            # open_api_deps then closes the bus (cancelling deliveries still pending), the store and the engine.
