"""Job progress streams: the EventStream port, its Redis and in-memory adapters, and the job reporter."""

from jiraex_shared.eventstream.delivery import DEFAULT_TERMINAL_TTL_SECONDS, PersistHook, is_terminal
from jiraex_shared.eventstream.ids import StreamId, format_stream_id, parse_stream_id
from jiraex_shared.eventstream.memory_stream import MemoryEventStream
from jiraex_shared.eventstream.protocol import EventStream, StreamEntry
from jiraex_shared.eventstream.redis_stream import RedisEventStream
from jiraex_shared.eventstream.reporter import JobProgressReporter

__all__ = [
    "DEFAULT_TERMINAL_TTL_SECONDS",
    "EventStream",
    "JobProgressReporter",
    "MemoryEventStream",
    "PersistHook",
    "RedisEventStream",
    "StreamEntry",
    "StreamId",
    "format_stream_id",
    "is_terminal",
    "parse_stream_id",
]
