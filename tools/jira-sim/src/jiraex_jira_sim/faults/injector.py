"""Decides, per request and from one seeded RNG, which fault or limit applies."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from fnmatch import fnmatchcase
from typing import Any

from jiraex_jira_sim.faults.rate_limit import RateDecision, TokenBuckets
from jiraex_jira_sim.faults.schedule import WindowSchedule
from jiraex_jira_sim.faults.settings import BLACKHOLE_FIELDS, STORM_FIELDS, FaultSettings, patch_settings


class FaultInjector:
    """The live fault state. Draws happen in a fixed order per request so runs are reproducible."""

    def __init__(self, settings: FaultSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.settings = settings
        self._rng = random.Random(settings.seed)  # noqa: S311 - reproducible simulation, not security
        self._buckets = TokenBuckets(settings.rate_limit_rps, settings.rate_limit_burst)
        now = clock()
        self.storms = self._storm_schedule(settings, now)
        self.blackholes = self._blackhole_schedule(settings, now)
        self._dropped_attachments: set[int] = set()

    def update(self, patch: dict[str, Any]) -> FaultSettings:
        """Apply a partial change; windows whose fields changed restart from now."""
        new = patch_settings(self.settings, patch)
        now = self._clock()
        if "seed" in patch:
            self._rng = random.Random(new.seed)  # noqa: S311
        if {"rate_limit_rps", "rate_limit_burst"} & patch.keys():
            self._buckets = TokenBuckets(new.rate_limit_rps, new.rate_limit_burst)
        if STORM_FIELDS & patch.keys():
            self.storms = self._storm_schedule(new, now)
        if BLACKHOLE_FIELDS & patch.keys():
            self.blackholes = self._blackhole_schedule(new, now)
        if patch.get("drop_attachment_streams"):
            self._dropped_attachments.clear()
        self.settings = new
        return new

    @staticmethod
    def _storm_schedule(settings: FaultSettings, now: float) -> WindowSchedule:
        start = settings.storm_start_after_s
        return WindowSchedule(
            anchor=now,
            start_after=settings.storm_every_s if start is None else start,
            duration=settings.storm_duration_s,
            every=settings.storm_every_s,
        )

    @staticmethod
    def _blackhole_schedule(settings: FaultSettings, now: float) -> WindowSchedule:
        return WindowSchedule(
            anchor=now,
            start_after=settings.blackhole_start_after_s,
            duration=settings.blackhole_duration_s,
            every=settings.blackhole_every_s,
        )

    # --- scheduled windows ------------------------------------------------------------------
    def blackhole_remaining(self, now: float) -> float:
        return self.blackholes.remaining(now)

    def storm_remaining(self, now: float) -> float:
        return self.storms.remaining(now)

    # --- limits -----------------------------------------------------------------------------
    @property
    def rate_limited(self) -> bool:
        return self._buckets.enabled

    @property
    def rate_limit_capacity(self) -> int:
        """The bucket size when a rate limit is on, else 0."""
        return self._buckets.capacity if self._buckets.enabled else 0

    def take_token(self, credential: str, now: float) -> RateDecision | None:
        if not self._buckets.enabled:
            return None
        return self._buckets.take(credential, now)

    # --- random draws -----------------------------------------------------------------------
    def _draw(self, probability: float) -> bool:
        return probability > 0 and self._rng.random() < probability

    def latency_for(self, path: str) -> float:
        """Seconds to wait before answering ``path`` (first matching rule wins)."""
        for rule in self.settings.latency:
            if fnmatchcase(path, rule.pattern):
                jitter = self._rng.uniform(-rule.jitter_ms, rule.jitter_ms) if rule.jitter_ms else 0.0
                return max(0.0, rule.ms + jitter) / 1000.0
        return 0.0

    def draw_reset(self) -> bool:
        return self._draw(self.settings.reset_rate)

    def draw_server_error(self) -> int | None:
        """503, 500 or 502 when this request should fail, else None."""
        if not self._draw(self.settings.error_rate):
            return None
        if self._rng.random() < self.settings.error_503_fraction:
            return 503
        return 500 if self._rng.random() < 0.5 else 502

    def draw_truncate(self) -> bool:
        return self._draw(self.settings.truncate_rate)

    def draw_retry_after_zero(self) -> bool:
        return self._draw(self.settings.retry_after_zero_fraction)

    def draw_html_429(self) -> bool:
        return self._draw(self.settings.html_429_fraction)

    # --- media ------------------------------------------------------------------------------
    def should_drop(self, attachment_id: int) -> bool:
        """True the first time an attachment is downloaded while dropping is on."""
        if not self.settings.drop_attachment_streams or attachment_id in self._dropped_attachments:
            return False
        self._dropped_attachments.add(attachment_id)
        return True
