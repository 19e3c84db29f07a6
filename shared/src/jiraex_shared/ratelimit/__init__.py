"""Pacing of Jira requests: per-site token buckets and pauses, backoff, Retry-After, adaptive concurrency."""

from jiraex_shared.ratelimit.backoff import backoff_delay
from jiraex_shared.ratelimit.concurrency import AdaptiveConcurrency
from jiraex_shared.ratelimit.memory import MemoryRateGovernor
from jiraex_shared.ratelimit.protocol import MINIMUM_PAUSE_SECONDS, RateGovernor
from jiraex_shared.ratelimit.redis_governor import RedisRateGovernor
from jiraex_shared.ratelimit.retry_after import retry_after_seconds
from jiraex_shared.ratelimit.sites import site_key

__all__ = [
    "MINIMUM_PAUSE_SECONDS",
    "AdaptiveConcurrency",
    "MemoryRateGovernor",
    "RateGovernor",
    "RedisRateGovernor",
    "backoff_delay",
    "retry_after_seconds",
    "site_key",
]
