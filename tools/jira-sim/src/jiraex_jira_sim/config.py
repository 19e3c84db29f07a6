"""The simulator's settings: listeners, deployment mode, dataset size, credentials and faults."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from jiraex_jira_sim.faults.settings import FaultSettings

Mode = Literal["cloud", "server"]


@dataclass(frozen=True, slots=True)
class SimConfig:
    """Everything ``run_simulator`` needs; the CLI builds one from its flags."""

    mode: Mode = "cloud"
    host: str = "127.0.0.1"
    port: int = 0
    media_port: int = 0
    issues: int = 1000
    seed: int = 1
    projects: int = 4
    heavy_every: int = 97
    max_attachment_bytes: int = 20 * 1024 * 1024
    email: str = "sim@example.com"
    token: str = "sim-token"  # noqa: S105 - a throwaway default credential of a test double
    user: str | None = None
    password: str | None = None
    # Server/DC: the jira.search.views.default.max cap; larger maxResults are clamped and echoed.
    server_max_results: int = 1000
    # URLs written into responses (self links, Location); default to the bound address.
    public_url: str | None = None
    media_public_url: str | None = None
    faults: FaultSettings = field(default_factory=FaultSettings)
    # Byte budget (MiB) of the cache of encoded issues (0 disables it).
    render_cache_mb: int = 512

    def __post_init__(self) -> None:
        if self.mode not in ("cloud", "server"):
            raise ValueError(f"mode must be cloud or server, not {self.mode!r}")
        if self.render_cache_mb < 0:
            raise ValueError("render_cache_mb must not be negative")
        if self.server_max_results < 1:
            raise ValueError("server_max_results must be at least 1")

    @property
    def cloud(self) -> bool:
        return self.mode == "cloud"
