"""One command delivery, start to finish: decode, bind log context, run the job step, settle the message."""

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress

from jiraex_extractor_worker.queues import ConsumedQueue
from jiraex_extractor_worker.shutdown import InFlight, Released
from jiraex_shared.bus import Delivery, JobSteps, describe_failure, outcome_for, requeue_delay
from jiraex_shared.bus.delivery_policy import bounded_error_text
from jiraex_shared.contracts import ContractError, Message, decode_command
from jiraex_shared.log import get_logger, log_context

log = get_logger(__name__)


class CommandConsumer:
    """Settles each delivery as ``jiraex_shared.bus.delivery_policy`` describes.

    The body is decoded from the raw bytes with the contract codec (not by FastStream's typed
    injection), so an invalid message is dead-lettered with our readable ``ContractError`` text.
    """

    def __init__(
        self, steps: JobSteps, inflight: InFlight, *, backoff: Callable[[int], float] = requeue_delay
    ) -> None:
        self._steps = steps
        self._inflight = inflight
        self._backoff = backoff

    async def deliver(self, delivery: Delivery, consumed: ConsumedQueue) -> None:
        try:
            command = _decode(delivery.body, consumed)
        except ContractError as error:
            reason = bounded_error_text(str(error))
            log.warning("invalid_message_dead_lettered", queue=consumed.queue.name, error=reason)
            await _settle(delivery.dead_letter(reason), consumed)
            return
        job_id = getattr(command, "job_id", None)
        context = {"message_id": command.message_id} | ({"job_id": job_id} if job_id else {})
        with log_context(**context):
            await self._run(delivery, command, consumed)

    async def _run(self, delivery: Delivery, command: Message, consumed: ConsumedQueue) -> None:
        try:
            await self._inflight.run(consumed.call(self._steps, command))
        except Released:
            log.info("message_released_on_shutdown", queue=consumed.queue.name)
            await _settle(delivery.requeue(), consumed)
        except Exception as error:
            if outcome_for(error) == "requeue":
                await self._requeue_later(delivery, consumed, error)
            else:
                log.exception("step_failed_dead_lettered", queue=consumed.queue.name)
                await _settle(delivery.dead_letter(describe_failure(error)), consumed)
        else:
            await _settle(delivery.ack(), consumed)

    async def _requeue_later(self, delivery: Delivery, consumed: ConsumedQueue, error: Exception) -> None:
        previous = delivery.delivery_count
        delay = self._backoff(previous)
        log.warning(
            "step_failed_will_retry",
            queue=consumed.queue.name,
            error=describe_failure(error),
            previous_deliveries=previous,
            retry_in=delay,
        )
        # The pause counts as work in flight, so shutdown cuts it short instead of waiting it out.
        with suppress(Released):
            await self._inflight.run(asyncio.sleep(delay))
        await _settle(delivery.requeue(), consumed)


def _decode(body: bytes, consumed: ConsumedQueue) -> Message:
    command = decode_command(body)
    if not isinstance(command, consumed.command):
        tag = str(type(command).__struct_config__.tag)
        raise ContractError(
            f"{tag} message on queue {consumed.queue.name}, which only carries {consumed.command_tag}",
            message_type=tag,
        )
    return command


async def _settle(settling: Awaitable[None], consumed: ConsumedQueue) -> None:
    # Settling fails when the channel died under us; RabbitMQ then requeues the delivery by itself,
    # so the failure is worth a log line, not a crash of the consumer.
    try:
        await settling
    except Exception:
        log.exception("settle_failed", queue=consumed.queue.name)
