"""Fault and limit settings: set from the command line, patched at run time through ``/__sim/faults``."""

from __future__ import annotations

import re
from typing import Any

import msgspec


class LatencyRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Requests whose path matches ``pattern`` (fnmatch, e.g. ``*/search/jql``) wait ms ± jitter_ms."""

    pattern: str
    ms: float
    jitter_ms: float = 0.0


class FaultSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Every knob; the defaults inject nothing. Rates and fractions are probabilities in [0, 1]."""

    seed: int = 0
    latency: tuple[LatencyRule, ...] = ()
    # Token bucket per credential: refill rate (requests/s; 0 disables) and capacity (0: max(1, rate)).
    rate_limit_rps: float = 0.0
    rate_limit_burst: int = 0
    retry_after_zero_fraction: float = 0.0
    html_429_fraction: float = 0.0
    # 429 storms: windows of storm_duration_s, the first storm_start_after_s after the settings were
    # applied (default storm_every_s), then every storm_every_s.
    storm_every_s: float = 0.0
    storm_duration_s: float = 0.0
    storm_start_after_s: float | None = None
    # Server errors: error_rate of the requests answer 5xx; error_503_fraction of those are 503 with
    # Retry-After: error_retry_after_s, the others 500 or 502.
    error_rate: float = 0.0
    error_503_fraction: float = 0.5
    error_retry_after_s: int = 1
    reset_rate: float = 0.0
    truncate_rate: float = 0.0
    # Blackhole: read requests and never answer during windows of blackhole_duration_s, the first
    # blackhole_start_after_s after the settings were applied, repeating every blackhole_every_s (0: once).
    blackhole_duration_s: float = 0.0
    blackhole_start_after_s: float = 0.0
    blackhole_every_s: float = 0.0
    # Media listener: bytes/s cap per download (0: unlimited), and close each attachment's first
    # download mid-body so clients must resume with Range.
    media_bytes_per_s: int = 0
    drop_attachment_streams: bool = False
    # Early-retry accounting: a request on another connection than the 429/503 counts as an early retry only
    # when it arrives this long after that answer (it may have been in flight already).
    early_retry_grace_ms: float = 250.0

    def __post_init__(self) -> None:
        for name in (
            "retry_after_zero_fraction",
            "html_429_fraction",
            "error_rate",
            "error_503_fraction",
            "reset_rate",
            "truncate_rate",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value}")
        for name in (
            "rate_limit_rps",
            "rate_limit_burst",
            "storm_every_s",
            "storm_duration_s",
            "error_retry_after_s",
            "blackhole_duration_s",
            "blackhole_start_after_s",
            "blackhole_every_s",
            "media_bytes_per_s",
            "early_retry_grace_ms",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


STORM_FIELDS = frozenset({"storm_every_s", "storm_duration_s", "storm_start_after_s"})
BLACKHOLE_FIELDS = frozenset({"blackhole_duration_s", "blackhole_start_after_s", "blackhole_every_s"})


def patch_settings(current: FaultSettings, patch: dict[str, Any]) -> FaultSettings:
    """A copy of ``current`` with the fields of ``patch`` replaced; raises ValueError when invalid."""
    merged = msgspec.to_builtins(current)
    merged.update(patch)
    try:
        return msgspec.convert(merged, FaultSettings)
    except msgspec.ValidationError as exc:
        raise ValueError(str(exc)) from exc


_LATENCY = re.compile(r"^(?P<pattern>.+)=(?P<ms>\d+(?:\.\d+)?)(?:(?::|±|\+-)(?P<jitter>\d+(?:\.\d+)?))?$")


def parse_latency_rule(text: str) -> LatencyRule:
    """``PATTERN=MS`` or ``PATTERN=MS:JITTER`` (``±`` and ``+-`` also separate the jitter)."""
    found = _LATENCY.match(text.strip())
    if found is None:
        raise ValueError(f"latency rule {text!r} is not PATTERN=MS[:JITTER]")
    return LatencyRule(
        pattern=found.group("pattern"),
        ms=float(found.group("ms")),
        jitter_ms=float(found.group("jitter") or 0.0),
    )
