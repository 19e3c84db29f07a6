"""Listening sockets serving HttpProtocol connections, with a clean shutdown."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field

from jiraex_jira_sim.server.http_protocol import HttpProtocol, RequestHandler


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind before serving so the real port (``port=0`` picks one) is known to build URLs."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=1024, reuse_port=False)


@dataclass
class Listener:
    """A serving socket; ``port`` is the bound one."""

    server: asyncio.Server
    host: str
    port: int
    connections: set[HttpProtocol] = field(default_factory=set)

    async def close(self, grace: float = 2.0) -> None:
        """Stop accepting, close idle connections, give busy ones ``grace`` seconds, then abort them."""
        self.server.close()
        for connection in list(self.connections):
            if connection.idle:
                connection.close()
        busy = [c.worker for c in self.connections if c.worker is not None]
        if busy:
            await asyncio.wait(busy, timeout=grace)
        for connection in list(self.connections):
            if connection.idle:
                connection.close()
            else:
                connection.reset()
        await self.server.wait_closed()


async def start_listener(sock: socket.socket, handler: RequestHandler) -> Listener:
    loop = asyncio.get_running_loop()
    connections: set[HttpProtocol] = set()
    server = await loop.create_server(lambda: HttpProtocol(handler, connections), sock=sock)
    host, port = sock.getsockname()[:2]
    return Listener(server=server, host=host, port=port, connections=connections)
