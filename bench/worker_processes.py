"""Extractor workers as real processes, started with deploy/Procfile's command, and their CPU time."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import quote

import httpx
from cpu_usage import process_cpu_seconds
from fleet_resources import FleetResources, admin_api

from jiraex_shared.contracts.topology import EXPORT_CHUNKS_QUEUE, EXPORT_REQUESTS_QUEUE

PROCFILE = Path(__file__).resolve().parents[1] / "deploy" / "Procfile"
STOP_TIMEOUT = 60.0


def procfile_command(process: str, procfile: Path = PROCFILE) -> list[str]:
    """The command deploy/Procfile runs for `process`, with `.venv/bin/` resolved to this interpreter's venv."""
    for line in procfile.read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == process and command.strip():
            words = command.split()
            return [str(Path(sys.executable).with_name(Path(words[0]).name)), *words[1:]]
    raise LookupError(f"no {process!r} process in {procfile}")


@dataclass
class WorkerFleet:
    """`count` workers of one run; their stderr (JSON logs) goes to `logs/worker<n>.log`."""

    resources: FleetResources
    logs: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _files: list[IO[bytes]] = field(default_factory=list)
    # Lifetime CPU seconds of each worker, known once it has exited (from wait4's resource usage).
    lifetime_cpu_s: list[float] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)

    def start(self, count: int) -> None:
        command = procfile_command("worker1")
        self.logs.mkdir(parents=True, exist_ok=True)
        for number in range(1, count + 1):
            log = open(self.logs / f"worker{number}.log", "wb")  # noqa: SIM115 - closed in stop()
            self._files.append(log)
            self.processes.append(subprocess.Popen(  # noqa: S603 - our own console script
                command, env=self.resources.env, stdout=subprocess.DEVNULL, stderr=log,
            ))

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    def cpu_seconds(self) -> list[float]:
        """CPU seconds each worker has used so far."""
        return [process_cpu_seconds(pid) for pid in self.pids]

    def check_alive(self) -> None:
        for number, process in enumerate(self.processes, 1):
            if process.poll() is not None:
                raise RuntimeError(f"worker{number} exited with {process.returncode}:\n{self.log_tail()}")

    async def wait_consuming(self, limit_s: float = 120.0) -> float:
        """Wait until every worker consumes both the request and the chunk queue; returns the seconds waited.

        A run measured while some workers are still importing would credit the first one with their share.
        """
        base, auth = admin_api()
        vhost = quote(self.resources.vhost, safe="")
        started = time.monotonic()
        async with httpx.AsyncClient(base_url=base, auth=auth, timeout=10) as client:
            while True:
                self.check_alive()
                counts = []
                for queue in (EXPORT_REQUESTS_QUEUE, EXPORT_CHUNKS_QUEUE):
                    response = await client.get(f"/queues/{vhost}/{quote(queue.name, safe='')}")
                    counts.append(response.json().get("consumers", 0) if response.status_code == 200 else 0)
                if min(counts) >= len(self.processes):
                    return time.monotonic() - started
                if time.monotonic() - started > limit_s:
                    raise TimeoutError(f"consumers {counts} of {len(self.processes)} after {limit_s:.0f} s")
                await asyncio.sleep(0.5)

    def stop(self) -> None:
        """SIGTERM every worker (a graceful stop), reap each and keep its exit code and lifetime CPU."""
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in self.processes:
            self.exit_codes.append(self._reap(process, deadline))
        for log in self._files:
            log.close()

    def _reap(self, process: subprocess.Popen[bytes], deadline: float) -> int:
        while time.monotonic() < deadline:
            try:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            except ChildProcessError:  # already reaped by poll(): its usage is lost
                self.lifetime_cpu_s.append(float("nan"))
                return process.returncode
            if pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                self.lifetime_cpu_s.append(usage.ru_utime + usage.ru_stime)
                return process.returncode
            time.sleep(0.1)
        process.kill()
        process.wait()
        self.lifetime_cpu_s.append(float("nan"))
        return process.returncode

    def log_tail(self, characters: int = 3000) -> str:
        text = "".join(path.read_text(errors="replace") for path in sorted(self.logs.glob("worker*.log")))
        return text[-characters:]
