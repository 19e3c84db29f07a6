"""Reading the wait a throttled response asks for: Retry-After seconds or date, X-RateLimit-Reset."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from jiraex_shared.ratelimit import retry_after_seconds

NOW = datetime(2026, 3, 5, 10, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3.0), ("120", 120.0), (" 7 ", 7.0), ("2.5", 2.5), ("0", 1.0), ("0.2", 1.0)],
)
def test_delay_seconds_with_a_one_second_floor(value: str, expected: float) -> None:
    assert retry_after_seconds({"Retry-After": value}, now=NOW) == expected


def test_http_date_gives_the_time_until_it() -> None:
    headers = {"Retry-After": "Thu, 05 Mar 2026 10:16:00 GMT"}
    assert retry_after_seconds(headers, now=NOW) == 30.0


def test_http_date_in_the_past_still_waits_one_second() -> None:
    assert retry_after_seconds({"Retry-After": "Thu, 05 Mar 2026 09:00:00 GMT"}, now=NOW) == 1.0


def test_header_names_match_case_insensitively() -> None:
    assert retry_after_seconds({"retry-after": "4"}, now=NOW) == 4.0
    assert retry_after_seconds({"RETRY-AFTER": "4"}, now=NOW) == 4.0
    assert retry_after_seconds(httpx.Headers({"Retry-After": "5"}), now=NOW) == 5.0


@pytest.mark.parametrize(
    ("reset", "expected"),
    [
        ("2026-03-05T10:17Z", 90.0),  # Jira Cloud's own format: minutes only
        ("2026-03-05T10:16:00.000Z", 30.0),
        ("2026-03-05T11:16:00+01:00", 30.0),
        ("2026-03-05T10:15Z", 1.0),  # already passed within the minute
        (str(int((NOW + timedelta(seconds=45)).timestamp())), 45.0),  # Unix time
    ],
)
def test_rate_limit_reset_alone_gives_the_time_until_the_reset(reset: str, expected: float) -> None:
    assert retry_after_seconds({"X-RateLimit-Reset": reset}, now=NOW) == pytest.approx(expected)


def test_retry_after_wins_over_rate_limit_reset() -> None:
    headers = {"Retry-After": "2", "X-RateLimit-Reset": "2026-03-05T11:00Z"}
    assert retry_after_seconds(headers, now=NOW) == 2.0


def test_unreadable_retry_after_falls_back_to_the_reset() -> None:
    headers = {"Retry-After": "soon", "X-RateLimit-Reset": "2026-03-05T10:16Z"}
    assert retry_after_seconds(headers, now=NOW) == 30.0


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Content-Type": "text/html"},
        {"Retry-After": "soon"},
        {"Retry-After": "-5"},
        {"Retry-After": "nan"},
        {"Retry-After": "inf"},
        {"Retry-After": ""},
        {"X-RateLimit-Reset": "30"},  # a bare small number could be seconds or a count: ambiguous
        {"X-RateLimit-Reset": "tomorrow"},
        {"Beta-Retry-After": "30"},  # shadow header: not enforced, not obeyed
    ],
)
def test_no_usable_header_gives_none(headers: dict[str, str]) -> None:
    assert retry_after_seconds(headers, now=NOW) is None


def test_naive_now_is_taken_as_utc_and_default_now_is_the_clock() -> None:
    naive = NOW.replace(tzinfo=None)
    assert retry_after_seconds({"Retry-After": "Thu, 05 Mar 2026 10:16:00 GMT"}, now=naive) == 30.0
    far = datetime.now(UTC) + timedelta(hours=1)
    waited = retry_after_seconds({"Retry-After": far.strftime("%a, %d %b %Y %H:%M:%S GMT")})
    assert waited is not None
    assert 3590 < waited <= 3600
