"""Tiny HTTP servers for the SSRF tests: a canary that must never be reached, and a redirecting "Jira"."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class TinyServer:
    host: str
    port: int
    # Every accepted TCP connection, whether or not a request followed: the canary counts sockets.
    connections: int = 0
    paths: list[str] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"


Answer = Callable[[str], tuple[int, dict[str, str], bytes]]


def canary_answer(path: str) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "application/json"}, b'{"canary": "reached"}'


@asynccontextmanager
async def tiny_server(host: str, answer: Answer, *, port: int = 0) -> AsyncIterator[TinyServer]:
    """Serves ``answer(path)`` for every request, one request per connection (``Connection: close``)."""
    state = TinyServer(host, port)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        state.connections += 1
        try:
            request_line = await asyncio.wait_for(reader.readline(), 5)
            while (await asyncio.wait_for(reader.readline(), 5)) not in (b"\r\n", b"\n", b""):
                pass
            parts = request_line.decode("latin-1").split()
            path = parts[1] if len(parts) > 1 else "/"
            state.paths.append(path)
            status, headers, body = answer(path)
            head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "Connection: close"]
            head += [f"{name}: {value}" for name, value in headers.items()]
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, host, port)
    state.port = server.sockets[0].getsockname()[1]
    try:
        yield state
    finally:
        server.close()
        await server.wait_closed()
