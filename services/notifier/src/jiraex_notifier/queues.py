"""The two queues the notifier consumes, how each body is decoded and which handler it runs."""

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from jiraex_shared.contracts import ContractError, Message, Queue, SendEmail, decode_command, decode_job_event
from jiraex_shared.contracts.topology import NOTIFICATIONS_QUEUE, NOTIFIER_JOB_EVENTS_QUEUE
from jiraex_shared.notify import NotifierDeps, notify_job_finished, send_command_mail


@dataclass(frozen=True)
class ConsumedQueue:
    """``queue`` carries what ``decode`` accepts; ``call`` hands it to the transport-free handler."""

    queue: Queue
    decode: Callable[[bytes], Message]
    call: Callable[[NotifierDeps, Any], Coroutine[Any, Any, object]]
    summary: str


def _decode_send_email(body: bytes) -> Message:
    command = decode_command(body)
    if not isinstance(command, SendEmail):
        tag = str(type(command).__struct_config__.tag)
        raise ContractError(
            f"{tag} message on queue {NOTIFICATIONS_QUEUE.name}, which only carries notify.email", message_type=tag
        )
    return command


# One unacknowledged message per queue: while SMTP is down the notifier holds one mail per queue and retries
# it; nothing else would move anyway, and prefetched messages would only wait behind it.
PREFETCH = 1

CONSUMED_QUEUES: tuple[ConsumedQueue, ...] = (
    ConsumedQueue(
        NOTIFICATIONS_QUEUE, _decode_send_email, send_command_mail,
        "Invitation, password-reset and schedule-paused mails (notify.email).",
    ),
    ConsumedQueue(
        NOTIFIER_JOB_EVENTS_QUEUE, decode_job_event, notify_job_finished,
        "Finished jobs (job.*): mail the owner and the schedule's recipients.",
    ),
)
