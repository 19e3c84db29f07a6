"""One load-generator process of the SSE fan-out benchmark: N raw-socket SSE clients of one job, their receipts."""

# Started by `sse_fanout.py`; prints `ready <connected> <failed>` once every client has its job.snapshot (or
# failed), then follows the streams to their ends and writes a JSON summary to --out. Raw asyncio protocols rather
# than httpx: at 10,000 events/s a full HTTP client's per-event cost would measure the client, not the API.

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
from sse_wire import ChunkedDecoder, SseSplitter, WireError, split_head

SNAPSHOT = "job.snapshot"
PROGRESSED = "job.progressed"
TERMINAL = frozenset({"job.succeeded", "job.succeeded_with_warnings", "job.failed", "job.cancelled"})


class ClientReport(msgspec.Struct):
    """What one process saw: per client counts and endings, and per stream id the receive times (time.time())."""

    progressed: list[int]
    terminal: list[bool]
    errors: list[str]
    receipts: dict[str, list[float]]
    connect_seconds: float
    cpu_seconds: float


@dataclass(eq=False)
class _Stream(asyncio.Protocol):
    request: bytes
    receipts: dict[str, list[float]]
    ready: asyncio.Future[None]
    ended: asyncio.Future[None]
    progressed: int = 0
    terminal: bool = False
    error: str | None = None
    _head: bytes = b""
    _body: ChunkedDecoder | None = None
    _events: SseSplitter = field(default_factory=SseSplitter)
    _transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]
        transport.write(self.request)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        now = time.time()
        try:
            self._read(data, now)
        except WireError as error:
            self._fail(str(error))

    def _read(self, data: bytes, now: float) -> None:
        if self._body is None:
            head = split_head(self._head + data)
            if head is None:
                self._head += data
                return
            status, headers, data = head
            if status != 200 or headers.get("transfer-encoding") != "chunked":
                raise WireError(f"status {status}, transfer-encoding {headers.get('transfer-encoding')!r}")
            self._body = ChunkedDecoder()
        for event in self._events.feed(self._body.feed(data)):
            if event.event == SNAPSHOT:
                _settle(self.ready)
            elif event.event == PROGRESSED:
                self.progressed += 1
            if event.id is not None:
                self.receipts[event.id].append(now)
            if event.event in TERMINAL:
                self.terminal = True
                self._transport.close()  # type: ignore[union-attr]

    def _fail(self, reason: str) -> None:
        self.error = self.error or reason
        if self._transport is not None:
            self._transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.ready.done():
            self.error = self.error or f"closed before the snapshot: {exc}"
        _settle(self.ready)
        _settle(self.ended)


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


async def _open(stream: _Stream, host: str, port: int, gate: asyncio.Semaphore) -> None:
    async with gate:  # a bounded number of handshakes in flight: the API's database pool answers each one
        try:
            await asyncio.get_running_loop().create_connection(lambda: stream, host, port)
        except OSError as error:
            stream.error = f"connect: {error}"
            _settle(stream.ready)
            _settle(stream.ended)
        await stream.ready


async def run(args: argparse.Namespace) -> ClientReport:
    request = (
        f"GET {args.path} HTTP/1.1\r\nHost: {args.host}:{args.port}\r\nAuthorization: Bearer {args.token}\r\n"
        "Accept: text/event-stream\r\n\r\n"
    ).encode()
    loop = asyncio.get_running_loop()
    receipts: dict[str, list[float]] = defaultdict(list)
    streams = [_Stream(request, receipts, loop.create_future(), loop.create_future()) for _ in range(args.clients)]
    gate = asyncio.Semaphore(args.connect_concurrency)
    started = time.monotonic()
    await asyncio.gather(*(_open(stream, args.host, args.port, gate) for stream in streams))
    connect_seconds = time.monotonic() - started
    failed = sum(1 for stream in streams if stream.error is not None)
    print(f"ready {len(streams) - failed} {failed}", flush=True)
    try:
        async with asyncio.timeout(args.timeout):
            await asyncio.gather(*(stream.ended for stream in streams))
    except TimeoutError:
        for stream in streams:
            if not stream.ended.done():
                stream.error = stream.error or "no end of stream before the timeout"
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return ClientReport(
        progressed=[stream.progressed for stream in streams], terminal=[stream.terminal for stream in streams],
        errors=[stream.error for stream in streams if stream.error is not None], receipts=dict(receipts),
        connect_seconds=connect_seconds, cpu_seconds=usage.ru_utime + usage.ru_stime,
    )


def _raise_open_files(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(needed, hard), hard))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True, help="/api/jobs/<id>/stream")
    parser.add_argument("--token", required=True)
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--connect-concurrency", type=int, default=50)
    parser.add_argument("--timeout", type=float, required=True, help="seconds to wait for every stream to end")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    _raise_open_files(args.clients + 100)
    try:
        import uvloop
    except ImportError:
        report = asyncio.run(run(args))
    else:
        report = uvloop.run(run(args))
    args.out.write_bytes(msgspec.json.encode(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
