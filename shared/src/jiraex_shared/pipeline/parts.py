"""Chunk parts: the normalized records of one chunk as deterministic NDJSON, stored between steps."""

from collections.abc import AsyncIterator

import msgspec

from jiraex_shared.exporters.json_encoding import encode_sorted
from jiraex_shared.exporters.records import IssueRecord
from jiraex_shared.storage import ArtifactStore

_decoder = msgspec.json.Decoder()


def encode_record(record: IssueRecord) -> bytes:
    """One record as a part line: sorted keys, so equal data gives equal bytes."""
    return encode_sorted(record) + b"\n"


async def read_part(store: ArtifactStore, key: str) -> AsyncIterator[IssueRecord]:
    """Yield the records of a stored part one by one, without holding the part in memory."""
    buffer = b""
    async for chunk in store.open_read(key):
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            if line:
                yield _decoder.decode(line)
    if buffer.strip():
        yield _decoder.decode(buffer)
