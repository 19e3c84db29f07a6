"""The notifier's handlers for the embedded mode's in-process command bus."""

from collections.abc import Awaitable, Callable
from typing import Any

from jiraex_shared.bus.in_process import Handler
from jiraex_shared.contracts import JobCancelled, JobFailed, JobSucceeded, JobSucceededWithWarnings, Message, SendEmail
from jiraex_shared.log import get_logger
from jiraex_shared.notify.deps import NotifierDeps
from jiraex_shared.notify.errors import DeliveryPostponed
from jiraex_shared.notify.handlers import notify_job_finished, send_command_mail

log = get_logger(__name__)


def notifier_handlers(deps: NotifierDeps) -> dict[type[Message], Handler]:
    """``InProcessCommandBus`` handlers sending mail in this process.

    The bus bounds retries of transient errors by the delivery limit; a mail postponed by an SMTP outage must
    not be given up after a few rounds, so it is retried here, one retry window after another, until it is
    sent, refused, or the process stops (the embedded mode's accepted loss on shutdown).
    """
    return {
        SendEmail: _until_settled(deps, send_command_mail),
        JobSucceeded: _until_settled(deps, notify_job_finished),
        JobSucceededWithWarnings: _until_settled(deps, notify_job_finished),
        JobFailed: _until_settled(deps, notify_job_finished),
        JobCancelled: _until_settled(deps, notify_job_finished),
    }


def _until_settled(deps: NotifierDeps, handler: Callable[[NotifierDeps, Any], Awaitable[object]]) -> Handler:
    async def handle(message: Any) -> None:
        while True:
            try:
                await handler(deps, message)
                return
            except DeliveryPostponed as error:
                if deps.stopping.is_set():
                    raise
                log.warning("mail_postponed_retrying", reason=str(error))

    return handle
