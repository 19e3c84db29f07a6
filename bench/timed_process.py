"""Run a command and measure its wall time, CPU time and peak RSS (`/usr/bin/time -v`, else wait4)."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = Path("/usr/bin/time")
_FIELDS = {
    "peak_rss_kib": re.compile(r"Maximum resident set size \(kbytes\): (\d+)"),
    "user_s": re.compile(r"User time \(seconds\): ([\d.]+)"),
    "system_s": re.compile(r"System time \(seconds\): ([\d.]+)"),
}


@dataclass(frozen=True)
class Measured:
    returncode: int
    wall_s: float
    user_s: float
    system_s: float
    peak_rss_kib: int
    tool: str  # which of the two ways measured it
    stdout: str
    stderr: str

    @property
    def peak_rss_mib(self) -> float:
        return self.peak_rss_kib / 1024

    @property
    def cpu_s(self) -> float:
        return self.user_s + self.system_s


def parse_gnu_time(report: str) -> dict[str, float]:
    """The fields we use from GNU time's `-v` report; raises when one is missing."""
    values: dict[str, float] = {}
    for name, pattern in _FIELDS.items():
        found = pattern.search(report)
        if found is None:
            raise ValueError(f"GNU time report lacks {name}")
        values[name] = float(found.group(1))
    return values


def run_measured(command: list[str], *, env: dict[str, str] | None = None) -> Measured:
    """Run `command` to completion; its own output is captured, never printed."""
    if GNU_TIME.exists():
        return _with_gnu_time(command, env)
    return _with_wait4(command, env)


def _with_gnu_time(command: list[str], env: dict[str, str] | None) -> Measured:
    report = Path(tempfile.gettempdir()) / f"bench-time-{os.getpid()}-{time.monotonic_ns()}.txt"
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [str(GNU_TIME), "-v", "-o", str(report), *command],
        capture_output=True, text=True, env=env, check=False,
    )
    wall = time.perf_counter() - started
    try:
        values = parse_gnu_time(report.read_text())
    finally:
        report.unlink(missing_ok=True)
    return Measured(
        returncode=done.returncode, wall_s=wall, user_s=values["user_s"], system_s=values["system_s"],
        peak_rss_kib=int(values["peak_rss_kib"]), tool="/usr/bin/time -v",
        stdout=done.stdout, stderr=done.stderr,
    )


def _with_wait4(command: list[str], env: dict[str, str] | None) -> Measured:
    # ru_maxrss counts the child from fork on, so it includes the parent's resident pages shared until exec:
    # measure from a small process (the benchmark scripts are), or install GNU time (apt package `time`).
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    # communicate() would reap the child itself; read the pipes in threads and reap with wait4 for its rusage.
    out: list[str] = []
    err: list[str] = []
    readers = [
        threading.Thread(target=lambda: out.append(process.stdout.read())),  # type: ignore[union-attr]
        threading.Thread(target=lambda: err.append(process.stderr.read())),  # type: ignore[union-attr]
    ]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    for reader in readers:
        reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measured(
        returncode=process.returncode, wall_s=time.perf_counter() - started, user_s=usage.ru_utime,
        system_s=usage.ru_stime, peak_rss_kib=usage.ru_maxrss, tool="os.wait4 rusage",
        stdout="".join(out), stderr="".join(err),
    )
