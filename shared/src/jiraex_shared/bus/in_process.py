"""The embedded mode's command bus: handlers run as asyncio tasks in this process, settled by the same policy."""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import msgspec

from jiraex_shared.bus.delivery_policy import describe_failure, outcome_for, requeue_delay
from jiraex_shared.bus.errors import UnroutableMessage
from jiraex_shared.contracts import DELIVERY_LIMIT, ROUTES, Message, encode, route_for
from jiraex_shared.log import get_logger, log_context

Handler = Callable[[Any], Awaitable[None]]

log = get_logger(__name__)


@dataclass(frozen=True)
class DeadLetter:
    """A message no handler could settle: what it was, why it stopped, after how many deliveries."""

    message: Message
    reason: str
    deliveries: int


class InProcessCommandBus:
    """Delivers each published message to the handler registered for its type, in a background task.

    It mirrors the RabbitMQ path closely enough that the same job steps run unchanged on either bus:
    the handler receives a decoded copy of the encoded message (so nothing the broker could not carry
    slips through), a transient failure is retried after the same growing pause, at most
    ``delivery_limit + 1`` deliveries in all as a quorum queue allows, and any other failure is logged
    with its traceback and recorded in ``dead_letters``. Publishing a type with no handler raises
    ``UnroutableMessage``, as a mandatory publish with no bound queue does. Nothing survives the process:
    that is the embedded mode's documented trade-off.
    """

    def __init__(
        self,
        handlers: Mapping[type[Message], Handler] | None = None,
        *,
        delivery_limit: int = DELIVERY_LIMIT,
        backoff: Callable[[int], float] = requeue_delay,
    ) -> None:
        self._handlers: dict[type[Message], Handler] = {}
        self._max_deliveries = delivery_limit + 1
        self._backoff = backoff
        self._tasks: set[asyncio.Task[None]] = set()
        self.dead_letters: list[DeadLetter] = []
        for message_type, handler in (handlers or {}).items():
            self.register(message_type, handler)

    def register(self, message_type: type[Message], handler: Handler) -> None:
        """Deliver every published ``message_type`` to ``handler`` (replacing an earlier one)."""
        if message_type not in ROUTES:
            raise KeyError(f"{message_type.__name__} is not a broker message; see contracts.ROUTES")
        self._handlers[message_type] = handler

    async def publish(self, message: Message) -> None:
        route = route_for(message)
        handler = self._handlers.get(type(message))
        tag = str(type(message).__struct_config__.tag)
        if handler is None:
            raise UnroutableMessage(
                f"no handler is registered for {tag} messages on the in-process bus",
                message_type=tag, routing_key=route.routing_key,
            )
        copy = msgspec.json.decode(encode(message), type=type(message))
        task = asyncio.get_running_loop().create_task(self._deliver(copy, handler), name=f"bus:{tag}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @property
    def pending(self) -> int:
        """Messages published and not yet settled."""
        return len(self._tasks)

    async def drain(self) -> None:
        """Wait until every message is settled, including those handlers publish meanwhile.

        Bound it with ``asyncio.timeout``. Never call it from inside a handler: it would wait for itself.
        """
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    async def aclose(self) -> None:
        """Cancel deliveries still running (shutdown); their messages are lost, as the mode accepts."""
        tasks = set(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _deliver(self, message: Message, handler: Handler) -> None:
        job_id = getattr(message, "job_id", None)
        context = {"message_id": message.message_id} | ({"job_id": job_id} if job_id else {})
        with log_context(**context):
            for delivery in range(1, self._max_deliveries + 1):
                try:
                    await handler(message)
                    return
                except Exception as error:
                    if outcome_for(error) == "dead_letter":
                        log.exception("handler_failed_dead_lettered", deliveries=delivery)
                        self.dead_letters.append(DeadLetter(message, describe_failure(error), delivery))
                        return
                    if delivery == self._max_deliveries:
                        log.error("delivery_limit_reached", deliveries=delivery, error=describe_failure(error))
                        reason = f"delivery limit reached: {describe_failure(error)}"
                        self.dead_letters.append(DeadLetter(message, reason, delivery))
                        return
                    delay = self._backoff(delivery - 1)
                    log.warning("handler_failed_will_retry", deliveries=delivery, retry_in=delay,
                                error=describe_failure(error))
                    await asyncio.sleep(delay)
