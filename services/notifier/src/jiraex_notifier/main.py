"""`jiraex-notifier`: the SMTP notifier consuming mail commands and job events."""

import asyncio
import sys
from collections.abc import Sequence

from aiormq.exceptions import AMQPConnectionError

from jiraex_notifier.app import create_notifier_app, create_notifier_broker
from jiraex_notifier.deps import open_notifier_deps
from jiraex_shared.cli.exit_codes import BAD_INPUT, FAILURE, OK
from jiraex_shared.log import get_logger
from jiraex_shared.process_entry import start_process
from jiraex_shared.settings import Settings

PROG = "jiraex-notifier"

log = get_logger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    settings = start_process(PROG, "the SMTP notifier consuming mail commands and job events.", argv)
    if not settings.rabbitmq_url:
        print(
            f"{PROG}: JIRA_EXTRACTOR_RABBITMQ_URL is required; without a broker, mail is sent inside jiraex-api",
            file=sys.stderr,
        )
        return BAD_INPUT
    if not settings.smtp_host:
        # Allowed (a fleet without a mail server still runs), but worth saying once at start.
        log.warning("smtp_not_configured", detail="JIRA_EXTRACTOR_SMTP_HOST is empty: mail is logged, not sent")
    try:
        asyncio.run(serve(settings))
    except AMQPConnectionError as error:
        log.error("broker_unreachable", error=str(error))
        return FAILURE
    return OK


async def serve(settings: Settings) -> None:
    """Consume until SIGTERM/SIGINT, then stop gracefully."""
    broker = create_notifier_broker(settings)
    async with open_notifier_deps(settings) as deps:
        await create_notifier_app(settings, deps, broker=broker).run()


if __name__ == "__main__":
    sys.exit(main())
