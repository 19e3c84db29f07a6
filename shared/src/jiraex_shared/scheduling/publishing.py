"""Publishing after commit, where a failed publish is logged and left to the reaper instead of failing the tick."""

from collections.abc import Iterable

from jiraex_shared.bus import CommandBus
from jiraex_shared.contracts import Message
from jiraex_shared.log import get_logger

log = get_logger(__name__)


async def publish_all(bus: CommandBus, messages: Iterable[Message]) -> int:
    """Publish each message; returns how many the bus accepted.

    The rows these messages announce are already committed, so a broker outage must not stop the tick:
    a job whose ``export.requested`` is lost stays ``queued`` and the reaper republishes it; a lost
    ``notify.email`` is logged here, and the paused schedule still shows its reason to its owner.
    """
    published = 0
    for message in messages:
        try:
            await bus.publish(message)
            published += 1
        except Exception as error:  # any broker failure: the database already holds the truth
            log.warning("publish_failed", message_type=type(message).__name__, error=str(error))
    return published
