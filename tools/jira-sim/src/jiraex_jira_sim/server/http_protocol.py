"""HTTP/1.1 over asyncio.Protocol with httptools parsing, keep-alive, pipelining and TCP-level faults."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import socket
import struct
import time
from collections import deque
from email.utils import formatdate
from http import HTTPStatus
from typing import Protocol

import httptools

from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response, StreamDropped, error_collection

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024 * 1024
# Past this many parsed-but-unanswered requests the connection stops reading (pipelining bound).
MAX_PENDING = 32
_REASONS = {status.value: status.phrase for status in HTTPStatus}
_connection_ids = itertools.count(1)


class RequestHandler(Protocol):
    async def handle(self, request: Request) -> Response: ...

    def finished(self, request: Request, response: Response | None, outcome: str) -> None:
        """Called once per request after its answer was written (or a fault replaced it)."""


class _DateCache:
    """The ``Date`` header changes once a second; formatting it per response is wasted work."""

    def __init__(self) -> None:
        self._second = -1
        self._value = b""

    def get(self) -> bytes:
        now = int(time.time())
        if now != self._second:
            self._second = now
            self._value = formatdate(now, usegmt=True).encode()
        return self._value


_date = _DateCache()


def encode_head(response: Response, keep_alive: bool) -> bytes:
    lines = [
        b"HTTP/1.1 %d %s\r\n" % (response.status, _REASONS.get(response.status, "Unknown").encode()),
        b"Date: " + _date.get() + b"\r\n",
        b"Server: jiraex-jira-sim\r\n",
    ]
    if response.content_type:
        lines.append(b"Content-Type: " + response.content_type.encode() + b"\r\n")
    lines.append(b"Content-Length: %d\r\n" % response.content_length)
    for name, value in response.headers:
        lines.append(name.encode("latin-1") + b": " + value.encode("latin-1") + b"\r\n")
    lines.append(b"Connection: keep-alive\r\n\r\n" if keep_alive else b"Connection: close\r\n\r\n")
    return b"".join(lines)


class HttpProtocol(asyncio.Protocol):
    """One client connection: parses requests and answers them in order."""

    def __init__(self, handler: RequestHandler, connections: set[HttpProtocol]) -> None:
        self._handler = handler
        self._connections = connections
        self._id = next(_connection_ids)
        self._parser = httptools.HttpRequestParser(self)
        self._transport: asyncio.Transport | None = None
        self._pending: deque[Request] = deque()
        self._worker: asyncio.Task[None] | None = None
        self._can_write = asyncio.Event()
        self._can_write.set()
        self._reading_paused = False
        self._closed = False
        self._closing = False
        self._url = b""
        self._headers: dict[str, str] = {}
        self._body: list[bytes] = []
        self._body_size = 0

    # --- connection lifecycle -------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports do not subclass asyncio.Transport but offer the same methods.
        self._transport = transport  # type: ignore[assignment]
        self._connections.add(self)
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):  # not a TCP socket
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        self._closing = True
        self._connections.discard(self)
        self._can_write.set()
        if self._worker is not None:
            self._worker.cancel()

    def pause_writing(self) -> None:
        self._can_write.clear()

    def resume_writing(self) -> None:
        self._can_write.set()

    @property
    def idle(self) -> bool:
        return self._worker is None and not self._pending

    @property
    def worker(self) -> asyncio.Task[None] | None:
        """The task answering this connection's requests, if any are pending."""
        return self._worker

    def close(self) -> None:
        """Close after what was written is flushed; requests still queued are dropped."""
        self._closing = True
        self._pending.clear()
        if self._transport is not None and not self._closed:
            self._transport.close()

    def reset(self) -> None:
        """Close with RST: SO_LINGER with a zero timeout, then abort."""
        if self._transport is None or self._closed:
            return
        self._closing = True
        self._pending.clear()
        sock = self._transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self._transport.abort()

    # --- parsing --------------------------------------------------------------------------
    def data_received(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._fail(400, "Protocol upgrades are not supported.")
        except httptools.HttpParserError:
            self._fail(400, "Malformed HTTP request.")

    def _fail(self, status: int, message: str) -> None:
        if self._transport is None or self._closed or self._closing:
            return
        response = error_collection(status, [message])
        self._transport.write(encode_head(response, keep_alive=False) + response.body)
        self.close()

    def on_message_begin(self) -> None:
        self._url = b""
        self._headers = {}
        self._body = []
        self._body_size = 0

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        key = name.decode("latin-1").lower()
        text = value.decode("latin-1")
        previous = self._headers.get(key)
        self._headers[key] = text if previous is None else f"{previous}, {text}"

    def on_body(self, body: bytes) -> None:
        if self._closing:
            return
        self._body_size += len(body)
        if self._body_size > MAX_BODY_BYTES:
            self._fail(413, "Request entity too large.")
            return
        self._body.append(body)

    def on_message_complete(self) -> None:
        if self._closing:
            return
        request = Request.from_target(
            method=self._parser.get_method().decode("ascii"),
            target=self._url.decode("latin-1"),
            headers=self._headers,
            body=b"".join(self._body),
            received_at=time.monotonic(),
            keep_alive=self._parser.should_keep_alive(),
            connection=self._id,
        )
        self._pending.append(request)
        if len(self._pending) >= MAX_PENDING and self._transport is not None and not self._reading_paused:
            self._transport.pause_reading()
            self._reading_paused = True
        if self._worker is None:
            self._worker = asyncio.get_running_loop().create_task(self._serve())

    # --- answering ------------------------------------------------------------------------
    async def _serve(self) -> None:
        try:
            while self._pending and not self._closing:
                request = self._pending.popleft()
                if self._reading_paused and len(self._pending) < MAX_PENDING // 2 and self._transport:
                    self._transport.resume_reading()
                    self._reading_paused = False
                await self._answer(request)
        finally:
            self._worker = None

    async def _answer(self, request: Request) -> None:
        response: Response | None = None
        outcome = "client_gone"
        try:
            try:
                response = await self._handler.handle(request)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("handler failed for %s %s", request.method, request.target)
                response = error_collection(500, ["Internal server error."])
            # A blackholed client usually gives up first; the request still counts as blackholed.
            outcome = "blackholed" if response.action == "blackhole" else outcome
            outcome = await self._write(request, response)
        finally:
            self._handler.finished(request, response, outcome)

    async def _write(self, request: Request, response: Response) -> str:
        transport = self._transport
        if transport is None or self._closed or self._closing:
            return "client_gone"
        if response.action == "reset":
            self.reset()
            return "reset"
        if response.action == "blackhole":
            await asyncio.sleep(response.hold)
            self.close()
            return "blackholed"
        keep_alive = request.keep_alive and response.action != "truncate"
        transport.write(encode_head(response, keep_alive))
        send_body = request.method != "HEAD"
        if response.stream is not None:
            outcome = await self._write_stream(response, send_body)
            if outcome != "ok":
                return outcome
        elif send_body and response.action == "truncate":
            transport.write(response.body[: len(response.body) // 2])
            self.close()
            return "truncated"
        elif send_body:
            transport.write(response.body)
            if not self._can_write.is_set():  # a slow reader: wait for the buffer to drain
                await self._can_write.wait()
        if not keep_alive:
            self.close()
        return "ok"

    async def _write_stream(self, response: Response, send_body: bool) -> str:
        stream = response.stream
        assert stream is not None
        promised = response.content_length
        limit = promised // 2 if response.action == "truncate" else promised
        sent = 0
        try:
            if not send_body:
                return "ok"
            async for chunk in stream:
                if self._closed:
                    return "client_gone"
                if sent + len(chunk) > limit:
                    chunk = chunk[: limit - sent]
                if chunk:
                    self._transport.write(chunk)  # type: ignore[union-attr]
                    sent += len(chunk)
                if not self._can_write.is_set():
                    await self._can_write.wait()
                if sent >= limit and response.action == "truncate":
                    self.close()
                    return "truncated"
        except StreamDropped:
            self.close()
            return "dropped"
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                await aclose()
        return "ok"
