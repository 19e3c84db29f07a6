"""The HTTP/1.1 protocol over an in-memory transport: pipelining, keep-alive, HEAD and TCP-level faults."""

from __future__ import annotations

import asyncio

from jiraex_jira_sim.server.http_protocol import HttpProtocol
from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response, json_response


class FakeTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.written = bytearray()
        self.closed = False
        self.aborted = False

    def write(self, data: bytes) -> None:  # type: ignore[override]
        self.written += data

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def get_extra_info(self, name: str, default: object = None) -> object:
        return default

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


class EchoHandler:
    def __init__(self, action: str | None = None) -> None:
        self.action = action
        self.finished_outcomes: list[str] = []

    async def handle(self, request: Request) -> Response:
        response = json_response({"path": request.path, "body": request.body.decode()})
        response.action = self.action
        return response

    def finished(self, request: Request, response: Response | None, outcome: str) -> None:
        self.finished_outcomes.append(outcome)


async def serve(data: bytes, handler: EchoHandler) -> FakeTransport:
    transport = FakeTransport()
    protocol = HttpProtocol(handler, set())
    protocol.connection_made(transport)
    protocol.data_received(data)
    if protocol.worker is not None:
        await asyncio.wait_for(protocol.worker, timeout=5)
    return transport


async def test_pipelined_requests_are_answered_in_order() -> None:
    handler = EchoHandler()
    transport = await serve(
        b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi", handler
    )
    text = transport.written.decode()
    assert text.count("HTTP/1.1 200 OK") == 2
    assert text.index('"path":"/a"') < text.index('"path":"/b","body":"hi"')
    assert "Connection: keep-alive" in text
    assert not transport.closed
    assert handler.finished_outcomes == ["ok", "ok"]


async def test_http10_closes_and_head_has_no_body() -> None:
    transport = await serve(b"HEAD /a HTTP/1.0\r\n\r\n", EchoHandler())
    head, _, body = transport.written.partition(b"\r\n\r\n")
    assert b"Content-Length: 23" in head  # {"path":"/a","body":""}
    assert b"Connection: close" in head
    assert body == b""
    assert transport.closed


async def test_malformed_request_gets_400() -> None:
    transport = await serve(b"NOT HTTP AT ALL\r\n\r\n", EchoHandler())
    assert transport.written.startswith(b"HTTP/1.1 400 Bad Request")
    assert transport.closed


async def test_truncate_sends_half_of_the_promised_body() -> None:
    handler = EchoHandler(action="truncate")
    transport = await serve(b"GET /abcdef HTTP/1.1\r\nHost: x\r\n\r\n", handler)
    head, _, body = transport.written.partition(b"\r\n\r\n")
    promised = int(next(line for line in head.split(b"\r\n") if line.startswith(b"Content-Length")).split(b": ")[1])
    assert len(body) == promised // 2
    assert transport.closed
    assert handler.finished_outcomes == ["truncated"]


async def test_reset_sends_nothing_and_aborts() -> None:
    handler = EchoHandler(action="reset")
    transport = await serve(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n", handler)
    assert transport.written == b""
    assert transport.aborted
    assert handler.finished_outcomes == ["reset"]  # the pipelined second request died with the connection
