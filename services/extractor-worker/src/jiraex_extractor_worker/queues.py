"""The three queues the worker consumes, what each carries and which job step it runs."""

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from jiraex_shared.bus import JobSteps
from jiraex_shared.contracts import AssembleExport, ExportRequested, ExtractChunk, Message, Queue
from jiraex_shared.contracts.topology import EXPORT_ASSEMBLY_QUEUE, EXPORT_CHUNKS_QUEUE, EXPORT_REQUESTS_QUEUE


@dataclass(frozen=True)
class ConsumedQueue:
    """``queue`` carries ``command`` messages; ``call`` runs the step."""

    queue: Queue
    command: type[Message]
    call: Callable[[JobSteps, Any], Coroutine[Any, Any, None]]

    @property
    def command_tag(self) -> str:
        return str(self.command.__struct_config__.tag)


# One unacknowledged delivery per consumer: a chunk or an assembly keeps a worker busy for a while, and a
# prefetched one would wait behind it instead of going to an idle worker (and would be redone if this worker
# died). It is set on the broker's default channel, where FastStream consumes every queue it declared there.
PREFETCH = 1

CONSUMED_QUEUES: tuple[ConsumedQueue, ...] = (
    ConsumedQueue(
        EXPORT_REQUESTS_QUEUE,
        ExportRequested,
        lambda steps, message: steps.on_export_requested(message),
    ),
    ConsumedQueue(
        EXPORT_CHUNKS_QUEUE, ExtractChunk, lambda steps, message: steps.on_extract_chunk(message)
    ),
    ConsumedQueue(
        EXPORT_ASSEMBLY_QUEUE, AssembleExport, lambda steps, message: steps.on_assemble(message)
    ),
)
