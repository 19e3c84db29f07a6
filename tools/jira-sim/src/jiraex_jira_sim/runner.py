"""Start and stop a simulator in-process: ``async with run_simulator(config) as sim: ...``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from jiraex_jira_sim.app import SimApp
from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.dataset import Dataset, DatasetConfig
from jiraex_jira_sim.faults.settings import FaultSettings
from jiraex_jira_sim.server.listener import Listener, bind_socket, start_listener


@dataclass
class RunningSimulator:
    """Handles a test needs: URLs, the dataset, counters and run-time fault control."""

    app: SimApp
    base_url: str
    media_url: str
    jira_listener: Listener
    media_listener: Listener

    @property
    def dataset(self) -> Dataset:
        return self.app.dataset

    @property
    def config(self) -> SimConfig:
        return self.app.config

    def stats(self) -> dict[str, Any]:
        """A snapshot of ``/__sim/stats``."""
        return self.app.stats.snapshot()

    def reset_stats(self) -> None:
        self.app.stats.reset()

    def set_faults(self, patch: dict[str, Any] | None = None, **changes: Any) -> FaultSettings:
        """Change fault settings now, like ``PUT /__sim/faults`` (``set_faults(rate_limit_rps=5)``)."""
        return self.app.faults.update({**(patch or {}), **changes})


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else "[::1]" if host == "::" else host  # noqa: S104
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def build_dataset(config: SimConfig) -> Dataset:
    return Dataset(
        DatasetConfig(
            seed=config.seed,
            issues=config.issues,
            projects=config.projects,
            heavy_every=config.heavy_every,
            max_attachment_bytes=config.max_attachment_bytes,
        )
    )


@asynccontextmanager
async def run_simulator(config: SimConfig, dataset: Dataset | None = None) -> AsyncIterator[RunningSimulator]:
    """Bind both listeners, serve until the block exits, then shut down cleanly.

    Pass ``dataset`` to share one (immutable) dataset between several simulators in a test session.
    """
    jira_socket = bind_socket(config.host, config.port)
    media_socket = bind_socket(config.host, config.media_port)
    try:
        base_url = config.public_url or _url(config.host, jira_socket.getsockname()[1])
        media_url = config.media_public_url or _url(config.host, media_socket.getsockname()[1])
        app = SimApp(config, dataset or build_dataset(config), base_url, media_url)
    except BaseException:
        jira_socket.close()
        media_socket.close()
        raise
    jira_listener = await start_listener(jira_socket, app.jira_handler)
    media_listener = await start_listener(media_socket, app.media_handler)
    try:
        yield RunningSimulator(app, base_url, media_url, jira_listener, media_listener)
    finally:
        await jira_listener.close()
        await media_listener.close()
