"""One delivery, start to finish: decode, bind log context, run the handler, settle the message.

How each outcome is settled, and why:

* handled (every recipient mailed, or nobody wants this mail): **ack**;
* not a valid contract message, a link that is not http(s), or a recipient refused with 5xx (recorded
  ``failed``): **dead-letter** with the reason in ``x-jiraex-error`` — retrying cannot help;
* SMTP temporarily failing (refused connection, timeout, 4xx, bad credentials): the handler already
  retried with backoff for its window (``RetryPolicy.hold_seconds``), holding the message; then the message
  is **parked** — a copy goes to the tail of its queue and the original is acked — so an outage of any
  length spends none of the quorum queue's delivery limit, and no mail is dead-lettered or lost;
* any other transient failure (PostgreSQL gone): a short pause growing with the times parked, then **park**;
* anything else (a bug): **dead-letter** with the exception, logged with its traceback.

If parking itself fails (RabbitMQ trouble), the message is requeued: that one return does count.
"""

from collections.abc import Awaitable

from jiraex_notifier.parking import ParkableDelivery
from jiraex_notifier.queues import ConsumedQueue
from jiraex_shared.bus import describe_failure, is_transient, requeue_delay
from jiraex_shared.bus.delivery_policy import bounded_error_text
from jiraex_shared.contracts import ContractError, Message
from jiraex_shared.log import get_logger, log_context
from jiraex_shared.notify import DeliveryPostponed, DeliveryRefused, InvalidMailParams, NotifierDeps
from jiraex_shared.notify.retry import pause

log = get_logger(__name__)


class NotifierConsumer:
    def __init__(self, deps: NotifierDeps) -> None:
        self._deps = deps

    async def deliver(self, delivery: ParkableDelivery, consumed: ConsumedQueue) -> None:
        try:
            message = consumed.decode(delivery.body)
        except ContractError as error:
            reason = bounded_error_text(str(error))
            log.warning("invalid_message_dead_lettered", queue=consumed.queue.name, error=reason)
            await _settle(delivery.dead_letter(reason), consumed)
            return
        job_id = getattr(message, "job_id", None)
        context = {"message_id": message.message_id} | ({"job_id": job_id} if job_id else {})
        with log_context(**context):
            await self._run(delivery, message, consumed)

    async def _run(self, delivery: ParkableDelivery, message: Message, consumed: ConsumedQueue) -> None:
        queue = consumed.queue.name
        try:
            await consumed.call(self._deps, message)
        except DeliveryPostponed as error:
            log.warning("message_parked", queue=queue, parked=delivery.parked + 1, reason=str(error))
            await self._park(delivery, consumed)
        except (DeliveryRefused, InvalidMailParams) as error:
            log.error("message_dead_lettered", queue=queue, reason=str(error))
            await _settle(delivery.dead_letter(bounded_error_text(str(error))), consumed)
        except Exception as error:
            if not is_transient(error):
                log.exception("handler_failed_dead_lettered", queue=queue)
                await _settle(delivery.dead_letter(describe_failure(error)), consumed)
                return
            delay = requeue_delay(delivery.parked)
            log.warning("handler_failed_will_retry", queue=queue, error=describe_failure(error), retry_in=delay)
            await pause(delay, self._deps.stopping)
            await self._park(delivery, consumed)
        else:
            await _settle(delivery.ack(), consumed)

    async def _park(self, delivery: ParkableDelivery, consumed: ConsumedQueue) -> None:
        try:
            await delivery.park()
        except Exception:
            log.exception("park_failed_requeued", queue=consumed.queue.name)
            await _settle(delivery.requeue(), consumed)


async def _settle(settling: Awaitable[None], consumed: ConsumedQueue) -> None:
    # Settling fails when the channel died under us; RabbitMQ then requeues the delivery by itself.
    try:
        await settling
    except Exception:
        log.exception("settle_failed", queue=consumed.queue.name)
