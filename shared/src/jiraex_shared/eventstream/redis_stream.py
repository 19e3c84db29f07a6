"""The event stream on Redis Streams: XADD MAXLEN ~, exclusive XRANGE replay, XREAD BLOCK follow."""

from collections.abc import Mapping, Sequence
from typing import Any

from redis.asyncio import Redis

from jiraex_shared.contracts.progress import PROGRESS_STREAM_FIELD, ProgressEvent, progress_stream_key
from jiraex_shared.eventstream.entries import decode_entry, encode_entry
from jiraex_shared.eventstream.ids import parse_stream_id
from jiraex_shared.eventstream.protocol import DEFAULT_MAXLEN, StreamEntry, check_read_limits


class RedisEventStream:
    """An `EventStream` in Redis, one stream per job at ``<key_prefix>job:{job_id}``.

    ``redis`` is a ``redis.asyncio.Redis`` owned by the caller, in redis-py's default response mode
    (RESP3 on the wire, ``legacy_responses=True``, bytes) like every other Redis user in the project;
    a client with ``decode_responses=True`` or ``legacy_responses=False`` is understood as well.
    ``follow`` holds one pooled connection for up to ``block_ms``: pass ``follow_redis`` (a client on another pool)
    to keep those blocking reads out of a bounded pool that short commands share.
    Trimming is approximate (whole radix-tree nodes), so a stream can hold somewhat more than ``maxlen``.
    """

    def __init__(
        self, redis: Redis, *, key_prefix: str = "", maxlen: int = DEFAULT_MAXLEN, follow_redis: Redis | None = None
    ) -> None:
        if maxlen < 1:
            raise ValueError("maxlen must be at least 1")
        self._redis = redis
        self._follow_redis = follow_redis or redis
        self._key_prefix = key_prefix
        self._maxlen = maxlen

    def key(self, job_id: str) -> str:
        return self._key_prefix + progress_stream_key(job_id)

    async def append(self, job_id: str, event: ProgressEvent) -> str:
        body = encode_entry(event)
        entry_id = await self._redis.xadd(
            self.key(job_id), {PROGRESS_STREAM_FIELD: body}, maxlen=self._maxlen, approximate=True
        )
        return _text(entry_id)

    async def read_after(self, job_id: str, last_id: str | None, *, count: int = 500) -> list[StreamEntry]:
        check_read_limits(count)
        start = "-" if last_id is None else f"({_checked(last_id)}"
        reply = await self._redis.xrange(self.key(job_id), min=start, max="+", count=count)
        return _decoded(job_id, reply)

    async def follow(
        self, job_id: str, last_id: str | None, *, block_ms: int, count: int = 500
    ) -> list[StreamEntry]:
        check_read_limits(count, block_ms)
        after = "$" if last_id is None else _checked(last_id)
        reply = await self._follow_redis.xread({self.key(job_id): after}, count=count, block=block_ms)
        # Legacy shape [[key, entries]], unified shape {key: entries}; empty or None on timeout.
        streams = reply.values() if isinstance(reply, Mapping) else [entries for _, entries in reply or ()]
        return [entry for entries in streams for entry in _decoded(job_id, entries)]

    async def first_id(self, job_id: str) -> str | None:
        # XRANGE - + COUNT 1 answers what XINFO STREAM's first entry does, without the error XINFO
        # raises for a missing key and with the same reply shape in every response mode.
        reply = await self._redis.xrange(self.key(job_id), min="-", max="+", count=1)
        return _text(reply[0][0]) if reply and reply[0][0] is not None else None

    async def expire(self, job_id: str, seconds: int) -> None:
        await self._redis.expire(self.key(job_id), seconds)


def _decoded(job_id: str, entries: Sequence[Any] | None) -> list[StreamEntry]:
    decoded = []
    for raw_id, fields in entries or ():
        entry_id = _text(raw_id)
        event = decode_entry(job_id, entry_id, fields)
        if event is not None:
            decoded.append((entry_id, event))
    return decoded


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _checked(last_id: str) -> str:
    parse_stream_id(last_id)
    return last_id
