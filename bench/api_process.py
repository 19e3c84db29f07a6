"""`jiraex-api` (deploy/Procfile's `api`) as a real process on a free loopback port, and what it holds from /proc."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
from worker_processes import procfile_command

REDIS_PORT = 6379
GC_PROBE = Path(__file__).resolve().with_name("gc_probe")
STOP_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def parse_tcp_table(text: str, inodes: set[str], remote_port: int) -> int:
    """Established sockets among ``inodes`` whose peer port is ``remote_port``, from /proc/net/tcp{,6} text."""
    count = 0
    for line in text.splitlines()[1:]:
        fields = line.split()
        # sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
        if len(fields) < 10 or fields[9] not in inodes or fields[3] != "01":
            continue
        if int(fields[2].rsplit(":", 1)[1], 16) == remote_port:
            count += 1
    return count


def socket_inodes(pid: int) -> set[str]:
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue  # closed while we looked
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def connections_to(pid: int, remote_port: int) -> int:
    """TCP connections `pid` holds open to `remote_port` (on any address): its own sockets matched in /proc/net."""
    inodes = socket_inodes(pid)
    return sum(parse_tcp_table(Path(f"/proc/{pid}/net/{table}").read_text(), inodes, remote_port)
               for table in ("tcp", "tcp6"))


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise ValueError(f"no VmRSS for {pid}")


class ApiProcess:
    """One `jiraex-api` on 127.0.0.1:<free port>; its stderr (JSON logs) goes to ``log``."""

    def __init__(self, env: dict[str, str], log: Path, *, gc_log: Path | None = None) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._env = {**env, "JIRA_EXTRACTOR_API_HOST": "127.0.0.1", "JIRA_EXTRACTOR_API_PORT": str(self.port),
                     "JIRA_EXTRACTOR_LOG_LEVEL": "WARNING"}
        if gc_log is not None:  # bench/gc_probe's sitecustomize times the API's garbage collections
            self._env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GC_PROBE), env.get("PYTHONPATH")]))
            self._env["JIRAEX_BENCH_GC_LOG"] = str(gc_log)
        self.gc_log = gc_log
        self._log_path = log
        self._log = None
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> None:
        self._log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self._log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - our own console script
            procfile_command("api"), env=self._env, stdout=subprocess.DEVNULL, stderr=self._log,
        )

    async def wait_ready(self, limit_s: float = 60.0) -> float:
        """Wait for /readyz after start(); returns the seconds that took."""
        assert self.process is not None
        started = time.monotonic()
        async with httpx.AsyncClient(base_url=self.base_url, timeout=5) as client:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"jiraex-api exited with {self.process.returncode}:\n{self.log_tail()}")
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        return time.monotonic() - started
                except httpx.TransportError:
                    pass
                if time.monotonic() - started > limit_s:
                    raise TimeoutError(f"jiraex-api not ready after {limit_s:.0f} s:\n{self.log_tail()}")
                await asyncio.sleep(0.2)

    def stop(self) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
        return self.process.returncode

    def log_tail(self, characters: int = 3000) -> str:
        try:
            return self._log_path.read_text(errors="replace")[-characters:]
        except OSError:
            return ""
