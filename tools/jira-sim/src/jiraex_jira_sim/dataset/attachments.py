"""Attachment metadata per issue and their deterministic, randomly addressable bytes."""

import hashlib
import random
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from jiraex_jira_sim.dataset.formats import from_ms
from jiraex_jira_sim.dataset.rng import Stream, below, between, mix, pick, sub_rng

BLOCK = 64 * 1024
FIRST_ID = 10000

AWKWARD_NAMES: tuple[str, ...] = (
    "report final v2.pdf",
    "résumé – ünïcödé.txt",
    "😀 emoji screenshot.png",
    "../../etc/passwd",
    "..\\..\\windows\\system.ini",
    "CON",
    "con.txt",
    "NUL.log",
    "aux.json",
    "README",
    ".hidden",
    "trailing dot.",
    'a:b*c?"<>|.txt',
    "עברית مستند.docx",
    "<script>alert(1)</script>.html",
    "=cmd|' -C calc'!A0.csv",
    "IMAGE.PNG",
    "archive.tar.gz",
    "very-long-name-" + "x" * 220 + ".txt",
)
_PLAIN_STEMS = ("screenshot", "log", "trace", "export", "diagram", "notes", "invoice", "config", "dump")
_PLAIN_EXTS = ("png", "txt", "log", "pdf", "csv", "json", "zip", "jpg", "xlsx")
_MIME = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "txt": "text/plain",
    "log": "text/plain",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "json": "application/json",
    "zip": "application/zip",
    "gz": "application/gzip",
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ini": "text/plain",
}


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    id: int
    filename: str
    size: int
    mime_type: str
    created: datetime
    author_index: int
    created_ms: int


def mime_for(filename: str) -> str:
    stem, dot, ext = filename.rpartition(".")
    if not dot or not stem:
        return "application/octet-stream"
    return _MIME.get(ext.lower(), "application/octet-stream")


def _size(rng: random.Random, cap: int) -> int:
    roll = rng.random()
    if roll < 0.7:
        size = between(rng, 1, 4096)
    elif roll < 0.95:
        size = between(rng, 4097, 256 * 1024)
    else:
        size = between(rng, 256 * 1024, 1024 * 1024)
    return min(size, cap)


@dataclass(frozen=True, slots=True)
class IssueSpan:
    """What attachment generation needs to know about its issue."""

    index: int
    first_id: int
    count: int
    created_ms: int
    updated_ms: int
    heavy_ordinal: int  # -1 unless the issue is heavy


def generate(seed: int, span: IssueSpan, cap: int, users: int) -> list[AttachmentInfo]:
    """The attachments of one issue, oldest first; heavy issues get the awkward cases."""
    rng = sub_rng(seed, Stream.ATTACHMENTS, span.index)
    names: list[str] = []
    sizes: list[int] = []
    if span.index == 0:
        names.append("empty.txt")
        sizes.append(0)
    if span.heavy_ordinal >= 0:
        names += ["empty.txt", "screenshot.png", "screenshot.png", pick(rng, AWKWARD_NAMES), pick(rng, AWKWARD_NAMES)]
        sizes += [0, _size(rng, cap), _size(rng, cap), _size(rng, cap), _size(rng, cap)]
        if span.heavy_ordinal == 0:
            names += ["block-exact.bin", "block-plus-one.bin", "largest.bin"]
            sizes += [min(BLOCK, cap), min(BLOCK + 1, cap), cap]
        elif span.heavy_ordinal % 32 == 0:  # "a few": ~30 large files per 100k issues at the defaults
            names.append("large dump.zip")
            sizes.append(between(rng, cap // 2, cap))
    while len(names) < span.count:
        if rng.random() < 0.15:
            names.append(pick(rng, AWKWARD_NAMES))
        elif names and rng.random() < 0.1:
            names.append(names[-1])  # same filename twice in one issue
        else:
            names.append(f"{pick(rng, _PLAIN_STEMS)}-{between(rng, 1, 999)}.{pick(rng, _PLAIN_EXTS)}")
        sizes.append(_size(rng, cap))
    window = max(span.updated_ms - span.created_ms, 1)
    times = sorted(span.created_ms + int(rng.random() * window) for _ in range(span.count))
    return [
        AttachmentInfo(
            id=span.first_id + k,
            filename=names[k],
            size=sizes[k],
            mime_type=mime_for(names[k]),
            created=from_ms(times[k]),
            author_index=below(rng, users - 1),
            created_ms=times[k],
        )
        for k in range(span.count)
    ]


def _block(seed: int, att_id: int, block: int) -> bytes:
    return random.Random(mix(seed, Stream.BYTES, att_id, block)).randbytes(BLOCK)  # noqa: S311


def chunks(seed: int, info: AttachmentInfo, start: int = 0, end: int | None = None) -> Iterator[bytes]:
    """Bytes [start, end) of an attachment in pieces of at most 64 KiB; any range is cheap to reach."""
    stop = info.size if end is None else min(end, info.size)
    pos = max(start, 0)
    while pos < stop:
        block, offset = divmod(pos, BLOCK)
        piece = _block(seed, info.id, block)[offset : min(BLOCK, offset + stop - pos)]
        yield piece
        pos += len(piece)


class Sha256Cache:
    """Bounded LRU of attachment digests (a 20 MiB digest costs ~50 ms to recompute)."""

    def __init__(self, seed: int, capacity: int = 512) -> None:
        self._seed = seed
        self._capacity = capacity
        self._cache: OrderedDict[int, str] = OrderedDict()

    def digest(self, info: AttachmentInfo) -> str:
        cached = self._cache.get(info.id)
        if cached is not None:
            self._cache.move_to_end(info.id)
            return cached
        h = hashlib.sha256()
        for piece in chunks(self._seed, info):
            h.update(piece)
        value = h.hexdigest()
        self._cache[info.id] = value
        if len(self._cache) > self._capacity:
            self._cache.popitem(last=False)
        return value
