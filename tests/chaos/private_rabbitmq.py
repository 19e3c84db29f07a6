"""A throwaway RabbitMQ node on its own ports and data directory, so a fault test can stop it without touching 5672."""

import asyncio
import os
import shutil
import signal
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from service_urls import not_installed

RABBITMQ_BIN = Path("/usr/lib/rabbitmq/bin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRabbitMQ:
    """One RabbitMQ node (`rabbitmq-server` in the foreground, as a child process) that can be stopped and restarted.

    Everything that would make it collide with the machine's node is its own: node name, AMQP and distribution
    ports, Mnesia and log directories, config file (the machine's /etc/rabbitmq/rabbitmq.conf pins 5672), env
    file, plugins (none: no management listener) and HOME, which holds the Erlang cookie the node creates and its
    `rabbitmqctl` reads. Only epmd is shared. The data directory survives `stop`, so durable (quorum) queues and
    persistent messages come back with `start`.
    """

    def __init__(self, base: Path) -> None:
        self.base = base
        self.port = free_port()
        self.node = f"jiraex-chaos-{uuid.uuid4().hex[:8]}@localhost"
        self.url = f"amqp://guest:guest@127.0.0.1:{self.port}/"
        self.process: asyncio.subprocess.Process | None = None
        base.mkdir(parents=True, exist_ok=True)
        (base / "rabbitmq.conf").write_text(f"listeners.tcp.local = 127.0.0.1:{self.port}\n")
        (base / "enabled_plugins").write_text("[].\n")
        (base / "rabbitmq-env.conf").write_text("")
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("RABBITMQ_", "ERL_"))},
            "HOME": str(base), "RABBITMQ_NODENAME": self.node, "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(free_port()), "RABBITMQ_CONFIG_FILE": str(base / "rabbitmq.conf"),
            "RABBITMQ_CONF_ENV_FILE": str(base / "rabbitmq-env.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(base / "enabled_plugins"),
            "RABBITMQ_MNESIA_BASE": str(base / "mnesia"), "RABBITMQ_LOG_BASE": str(base / "log"),
            "RABBITMQ_PID_FILE": str(base / "node.pid"), "ERL_EPMD_ADDRESS": "127.0.0.1",
        }

    async def start(self) -> None:
        """Boot the node and return once its applications run (`rabbitmqctl wait` on the pid file)."""
        (self.base / "node.pid").unlink(missing_ok=True)
        out = open(self.base / "server.log", "ab")  # noqa: SIM115, ASYNC230 - the process owns it
        self.process = await asyncio.create_subprocess_exec(
            str(RABBITMQ_BIN / "rabbitmq-server"), env=self.env, cwd=self.base, stdout=out, stderr=out,
            start_new_session=True,  # our signals reach the node only when we send them
        )
        waiting = await asyncio.create_subprocess_exec(
            str(RABBITMQ_BIN / "rabbitmqctl"), "-q", "wait", "--timeout", "60", str(self.base / "node.pid"),
            env=self.env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        _, error = await asyncio.wait_for(waiting.communicate(), timeout=75)
        if waiting.returncode != 0:
            raise RuntimeError(f"RabbitMQ node {self.node} did not start: {error.decode()[-2000:]}")

    async def stop(self) -> None:
        """Shut the node down as an operator's stop does (SIGTERM: Erlang's orderly `init:stop`) and wait for it."""
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.process.wait(), timeout=60)


@asynccontextmanager
async def private_rabbitmq(base: Path) -> AsyncIterator[PrivateRabbitMQ]:
    if not (RABBITMQ_BIN / "rabbitmq-server").exists() or shutil.which("erl") is None:
        not_installed("RabbitMQ is not installed here (run scripts/services)")
    node = PrivateRabbitMQ(base)
    await node.start()
    try:
        yield node
    finally:
        with suppress(ProcessLookupError):
            await node.stop()
