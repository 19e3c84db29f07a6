"""CPU time of a process and of the whole machine, from Linux /proc (to tell CPU-bound from latency-bound runs)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def parse_process_stat(text: str, ticks_per_second: int = _TICKS) -> float:
    """User + system seconds from the text of /proc/<pid>/stat (the command name may hold spaces and parens)."""
    fields = text.rpartition(")")[2].split()
    # After the name: state is field 3 of proc(5); utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / ticks_per_second


def process_cpu_seconds(pid: int) -> float:
    """CPU seconds `pid` has used so far; 0.0 when it is gone or /proc is missing."""
    try:
        return parse_process_stat(Path(f"/proc/{pid}/stat").read_text())
    except (OSError, IndexError, ValueError):
        return 0.0


@dataclass(frozen=True)
class MachineCpu:
    """Jiffies since boot over all cores: busy (everything but idle and iowait) and total."""

    busy: int
    total: int

    def share_busy_since(self, earlier: MachineCpu) -> float:
        """Fraction of every core's time that was busy between `earlier` and this reading."""
        total = self.total - earlier.total
        return (self.busy - earlier.busy) / total if total > 0 else 0.0


def parse_machine_stat(text: str) -> MachineCpu:
    """The aggregate `cpu` line of /proc/stat (guest time is already inside user and nice)."""
    for line in text.splitlines():
        if line.startswith("cpu "):
            values = [int(value) for value in line.split()[1:9]]
            idle, iowait = values[3], values[4]
            total = sum(values)
            return MachineCpu(busy=total - idle - iowait, total=total)
    raise ValueError("/proc/stat has no aggregate cpu line")


def machine_cpu() -> MachineCpu | None:
    try:
        return parse_machine_stat(Path("/proc/stat").read_text())
    except (OSError, ValueError):
        return None
