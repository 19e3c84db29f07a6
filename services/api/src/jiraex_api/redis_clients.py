"""The API's two Redis clients: a bounded pool for short commands and a separate one for blocking stream reads.

A thousand browsers opening a job's stream at once each replay it (two XRANGEs) before they follow the hub. On
redis-py's default pool every concurrent command opens a connection and keeps it, so the API's connection count
followed the handshakes in flight (bench/README.md, SSE fan-out). Short commands — replays, login throttling,
readiness probes — therefore share at most ``COMMAND_CONNECTIONS`` connections and wait their turn for one (a
replay takes well under a millisecond). The hub's ``XREAD BLOCK`` holds its connection for seconds, so it must not
wait in that queue or starve it: followers get their own pool, one connection per job being watched. Redis
connections are thus at most ``COMMAND_CONNECTIONS`` + jobs with live clients, whatever the number of clients.
"""

import os
import socket
from contextlib import AsyncExitStack
from dataclasses import dataclass

from redis.asyncio import BlockingConnectionPool, Redis

COMMAND_CONNECTIONS = 8
# How long a command waits for a free pooled connection before it fails (as a Redis outage would).
COMMAND_POOL_WAIT_SECONDS = 10.0
COMMANDS_NAME = "jiraex-api"
FOLLOWERS_NAME = "jiraex-api-follow"


@dataclass(frozen=True)
class RedisClients:
    commands: Redis
    followers: Redis


async def open_redis_clients(url: str, stack: AsyncExitStack) -> RedisClients:
    """Both clients for ``url``, closed (with their pools) when ``stack`` unwinds."""
    pool = BlockingConnectionPool.from_url(
        url, max_connections=COMMAND_CONNECTIONS, timeout=COMMAND_POOL_WAIT_SECONDS,
        client_name=client_name(COMMANDS_NAME),
    )
    commands = Redis.from_pool(pool)  # owns the pool: aclose() disconnects it
    stack.push_async_callback(commands.aclose)
    followers = Redis.from_url(url, client_name=client_name(FOLLOWERS_NAME))
    stack.push_async_callback(followers.aclose)
    return RedisClients(commands, followers)


def client_name(role: str) -> str:
    """``CLIENT SETNAME`` for this process's connections: ``CLIENT LIST`` then tells which pod holds how many."""
    return f"{role}@{socket.gethostname()}:{os.getpid()}"
