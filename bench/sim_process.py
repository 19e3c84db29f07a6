"""The Jira simulator as a child process, with its admin endpoints (stats, ground truth) at hand."""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any

import httpx

EMAIL, TOKEN = "bench@example.com", "bench-token"


def _command() -> list[str]:
    script = Path(sys.executable).parent / "jiraex-jira-sim"
    return [str(script)] if script.exists() else [sys.executable, "-m", "jiraex_jira_sim.main"]


class SimProcess:
    """`with SimProcess(issues=..., extra_args=[...]) as sim:` runs `jiraex-jira-sim` on a free port.

    Its own process, so the simulator's CPU never competes with the measured client inside one interpreter.
    """

    def __init__(self, *, issues: int, seed: int = 1, extra_args: list[str] | None = None) -> None:
        self.args = [
            *_command(), "--port", "0", "--issues", str(issues), "--seed", str(seed),
            "--email", EMAIL, "--token", TOKEN, *(extra_args or []),
        ]
        self.base_url = ""
        self._process: subprocess.Popen[str] | None = None
        self._admin: httpx.Client | None = None
        self._log: IO[str] | None = None

    def __enter__(self) -> SimProcess:
        # Its stderr (the media URL, warnings) goes to a file: shown only if it fails to start.
        self._log = tempfile.TemporaryFile(mode="w+")
        self._process = subprocess.Popen(  # noqa: S603
            self.args, stdout=subprocess.PIPE, stderr=self._log, text=True
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline().strip()
        if not line.startswith("READY "):
            self._log.seek(0)
            log = self._log.read()[-2000:]
            self.__exit__()
            raise RuntimeError(f"the simulator did not start: {line!r} {log}")
        self.base_url = line.removeprefix("READY ")
        # Ground truth of a large dataset hashes every attachment: allow minutes.
        self._admin = httpx.Client(base_url=self.base_url, timeout=600)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._admin is not None:
            self._admin.close()
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            self._process.wait(timeout=30)
        if self._log is not None:
            self._log.close()

    @property
    def pid(self) -> int:
        """The simulator's process id (for its CPU time in /proc)."""
        assert self._process is not None
        return self._process.pid

    def _get(self, path: str, **params: str) -> Any:
        assert self._admin is not None
        response = self._admin.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def stats(self) -> dict[str, Any]:
        return self._get("/__sim/stats")

    def reset_stats(self) -> None:
        assert self._admin is not None
        self._admin.post("/__sim/stats/reset").raise_for_status()

    def ground_truth(self, jql: str) -> dict[str, Any]:
        return self._get("/__sim/ground-truth", jql=jql)

    def settle(self, seconds: float = 3.0) -> None:
        """Let the token bucket refill and any Retry-After expire before the next measured phase."""
        time.sleep(seconds)
