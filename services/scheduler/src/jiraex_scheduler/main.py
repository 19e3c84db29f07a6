"""`jiraex-scheduler`: the scheduler tick loop, the reaper and the retention sweeper."""

import asyncio
import signal
import sys
from collections.abc import Sequence

from aiormq.exceptions import AMQPConnectionError

from jiraex_scheduler.deps import APP_ID, open_scheduler_deps
from jiraex_shared.cli.exit_codes import BAD_INPUT, FAILURE, OK
from jiraex_shared.log import get_logger
from jiraex_shared.process_entry import start_process
from jiraex_shared.scheduling import run_scheduler_loop
from jiraex_shared.settings import Settings

log = get_logger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    settings = start_process(APP_ID, "the scheduler tick loop, the reaper and the retention sweeper.", argv)
    if not settings.rabbitmq_url:
        print(
            f"{APP_ID}: JIRA_EXTRACTOR_RABBITMQ_URL is required; without a broker, `jiraex serve` runs the "
            "scheduler (a fleet without this process can set JIRA_EXTRACTOR_ENABLE_SCHEDULER=true on jiraex-api)",
            file=sys.stderr,
        )
        return BAD_INPUT
    try:
        asyncio.run(serve(settings))
    except AMQPConnectionError as error:
        log.error("broker_unreachable", error=str(error))
        return FAILURE
    return OK


async def serve(settings: Settings) -> None:
    """Tick until SIGTERM or SIGINT; the tick in progress finishes (its transaction and publishes) first."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with open_scheduler_deps(settings) as deps:
        log.info("scheduler_started", tick_seconds=settings.scheduler_tick_seconds)
        await run_scheduler_loop(deps, stop)


if __name__ == "__main__":
    sys.exit(main())
