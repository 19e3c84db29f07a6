"""What the export commands invoke, whichever bus delivered them: the worker's three job steps."""

from typing import Protocol

from jiraex_shared.bus.in_process import Handler
from jiraex_shared.contracts import AssembleExport, ExportRequested, ExtractChunk, Message


class JobSteps(Protocol):
    """The pipeline entry points behind the ``export.*`` queues.

    Each may run more than once for one message (at-least-once delivery) and must tolerate it. Return
    normally when the message is settled — including when the job failed for good (bad JQL): record
    that on the job and return. Raise a transient error (``JiraRetryableError``, a lost database or
    Redis connection) to have the message retried; anything else dead-letters it (see
    ``bus.delivery_policy``).
    """

    async def on_export_requested(self, message: ExportRequested) -> None: ...

    async def on_extract_chunk(self, message: ExtractChunk) -> None: ...

    async def on_assemble(self, message: AssembleExport) -> None: ...


def job_step_handlers(steps: JobSteps) -> dict[type[Message], Handler]:
    """The ``InProcessCommandBus`` handlers that run ``steps`` in the embedded mode."""
    return {
        ExportRequested: steps.on_export_requested,
        ExtractChunk: steps.on_extract_chunk,
        AssembleExport: steps.on_assemble,
    }
