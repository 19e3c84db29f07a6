"""A throwaway PostgreSQL cluster on its own port and data directory, so a fault test can stop the real server."""

import asyncio
import os
import pwd
import shutil
import socket
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from service_urls import not_installed

SERVICE_USER = "postgres"  # initdb and postgres refuse to run as root


def postgres_bin() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    return versions[-1].parent if versions else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivatePostgres:
    """One cluster (initdb into ``base``, trust authentication on loopback) that can be stopped and started.

    Stopping it is `pg_ctl stop -m fast`: the server ends every session and refuses new ones until `start`, as a
    real database restart or failover does. The data directory is kept, so committed work survives.
    """

    def __init__(self, base: Path, binaries: Path) -> None:
        self.base, self.bin = base, binaries
        self.data = base / "data"
        self.port = free_port()
        self.url = f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/jiraex"
        # As root, the server runs as the postgres account; run as anyone else, as that user.
        self.runner = ["runuser", "-u", SERVICE_USER, "--"] if os.geteuid() == 0 else []

    async def _run(self, *command: str) -> None:
        process = await asyncio.create_subprocess_exec(
            *self.runner, *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
        )
        output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {output.decode()[-2000:]}")

    async def create(self) -> None:
        if self.runner:
            account = pwd.getpwnam(SERVICE_USER)
            os.chown(self.base, account.pw_uid, account.pw_gid)
        await self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                        "--no-sync", "-E", "UTF8")
        await self.start()
        await self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        "jiraex")

    async def start(self) -> None:
        # Loopback only, no Unix socket (its default directory belongs to the machine's cluster), small footprint.
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
        await self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.base / "server.log"),
                        "-o", options, "-w", "-t", "60", "start")

    async def stop(self) -> None:
        await self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    async def stop_if_running(self) -> None:
        if (self.data / "postmaster.pid").exists():
            await self.stop()


@asynccontextmanager
async def private_postgres() -> AsyncIterator[PrivatePostgres]:
    binaries = postgres_bin()
    if binaries is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        not_installed("PostgreSQL server binaries are not installed here (run scripts/services)")
    # Not under pytest's tmp_path: its parents are private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="jiraex-chaos-pg-"))
    cluster = PrivatePostgres(base, binaries)
    try:
        await cluster.create()
        yield cluster
    finally:
        try:
            await cluster.stop_if_running()
        finally:
            shutil.rmtree(base, ignore_errors=True)
