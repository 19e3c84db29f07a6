"""`jiraex-extractor-worker`: an extractor worker consuming export commands from RabbitMQ."""

import asyncio
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager

from aiormq.exceptions import AMQPConnectionError

from jiraex_extractor_worker.app import create_worker_app, create_worker_transport
from jiraex_extractor_worker.deps import open_job_steps
from jiraex_shared.bus import CommandBus, JobSteps
from jiraex_shared.cli.exit_codes import BAD_INPUT, FAILURE, OK
from jiraex_shared.log import get_logger
from jiraex_shared.process_entry import start_process
from jiraex_shared.settings import Settings

PROG = "jiraex-extractor-worker"

# Opens the job steps and everything they hold (database engine, Redis, S3, Jira HTTP client) for the
# life of the worker, publishing through the bus it is given.
OpenJobSteps = Callable[[Settings, CommandBus], AbstractAsyncContextManager[JobSteps]]

log = get_logger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    settings = start_process(PROG, "an extractor worker consuming export commands from RabbitMQ.", argv)
    if not settings.rabbitmq_url:
        print(
            f"{PROG}: JIRA_EXTRACTOR_RABBITMQ_URL is required; without a broker, exports run inside jiraex-api",
            file=sys.stderr,
        )
        return BAD_INPUT
    return run_worker(settings, open_job_steps)


def run_worker(settings: Settings, open_steps: OpenJobSteps) -> int:
    """Consume until SIGTERM/SIGINT, then stop gracefully; 0 after a clean stop."""
    try:
        asyncio.run(serve(settings, open_steps))
    except AMQPConnectionError as error:
        log.error("broker_unreachable", error=str(error))
        return FAILURE
    return OK


async def serve(settings: Settings, open_steps: OpenJobSteps) -> None:
    transport = create_worker_transport(settings)
    async with open_steps(settings, transport.bus) as steps:
        await create_worker_app(settings, steps, transport=transport).run()


if __name__ == "__main__":
    sys.exit(main())
