"""How long a throttled Jira response asks us to wait, read from its headers."""

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from jiraex_shared.ratelimit.protocol import MINIMUM_PAUSE_SECONDS

# A number this large is a Unix time, not a delay (some gateways send X-RateLimit-Reset so).
_EPOCH_THRESHOLD = 1_000_000_000


def retry_after_seconds(headers: Mapping[str, str], *, now: datetime | None = None) -> float | None:
    """Return the wait a 429/503 response asks for, at least one second, or None when it names none.

    `Retry-After` is read as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); a date in the past
    or a delay of 0 still gives one second. Without it, Jira Cloud's `X-RateLimit-Reset` (ISO 8601,
    e.g. `2026-03-05T10:15Z`, or a Unix time) gives the wait until the reset. Only call this on a
    throttled response: ordinary responses carry `X-RateLimit-Reset` too, for a budget not yet spent.
    Unreadable values give None, so the caller falls back to exponential backoff.
    """
    current = datetime.now(UTC) if now is None else now if now.tzinfo else now.replace(tzinfo=UTC)
    retry_after = _header(headers, "retry-after")
    if retry_after is not None:
        seconds = _delay_or_http_date(retry_after, current)
        if seconds is not None:
            return max(seconds, MINIMUM_PAUSE_SECONDS)
    reset = _header(headers, "x-ratelimit-reset")
    if reset is not None:
        seconds = _reset_time(reset, current)
        if seconds is not None:
            return max(seconds, MINIMUM_PAUSE_SECONDS)
    return None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    # httpx.Headers matches case-insensitively on its own; a plain dict needs the scan.
    value = headers.get(name)
    if value is None:
        value = next((v for k, v in headers.items() if k.lower() == name), None)
    return value.strip() if value is not None else None


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _delay_or_http_date(text: str, now: datetime) -> float | None:
    delay = _number(text)
    if delay is not None:
        return delay
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return _until(when, now)


def _reset_time(text: str, now: datetime) -> float | None:
    number = _number(text)
    if number is not None:
        return number - now.timestamp() if number >= _EPOCH_THRESHOLD else None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return _until(when, now)


def _until(when: datetime, now: datetime) -> float:
    # An HTTP-date is GMT by definition; a zone-less ISO time from Jira is UTC too.
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - now).total_seconds()
