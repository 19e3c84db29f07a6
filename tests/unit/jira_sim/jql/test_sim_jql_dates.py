"""Date values and date functions, against a fixed `now` (Wednesday 2024-03-13 15:30 UTC)."""

from datetime import UTC, datetime, timedelta

import pytest

from jiraex_jira_sim.jql.date_functions import DateFunctionError, evaluate_date_function, is_date_function
from jiraex_jira_sim.jql.dates import from_epoch_millis, parse_absolute, parse_date_value, parse_period

NOW = datetime(2024, 3, 13, 15, 30, 45, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-31", utc(2024, 1, 31)),
        ("2024-01-31 14:05", utc(2024, 1, 31, 14, 5)),
        ("2024/01/31", utc(2024, 1, 31)),
        ("2024/01/31 14:05", utc(2024, 1, 31, 14, 5)),
        ("2024-1-5", utc(2024, 1, 5)),
        ("2024-01-05 9:05", utc(2024, 1, 5, 9, 5)),
        ("  2024-01-31   23:59 ", utc(2024, 1, 31, 23, 59)),
        ("2024-02-29", utc(2024, 2, 29)),
    ],
)
def test_absolute_dates(text: str, expected: datetime) -> None:
    assert parse_absolute(text) == expected
    assert parse_date_value(text, NOW) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024-13-45",
        "2023-02-29",
        "2024-01-31 25:00",
        "2024-01-31 14:5",
        "2024-01-31 14:05:10",
        "2024-01/31",
        "24-01-31",
        "31/01/2024",
        "2024-01",
        "yesterday",
        "2024-01-31T14:05",
        "",
    ],
)
def test_invalid_absolute_dates(text: str) -> None:
    assert parse_absolute(text) is None
    assert parse_date_value(text, NOW) is None


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("-7d", timedelta(days=-7)),
        ("-2w", timedelta(weeks=-2)),
        ("-4h", timedelta(hours=-4)),
        ("-30m", timedelta(minutes=-30)),
        ("-1d 2h", -timedelta(days=1, hours=2)),
        ("4w 2d", timedelta(weeks=4, days=2)),
        ("+3d", timedelta(days=3)),
        ("-10w, 3minutes", -timedelta(weeks=10, minutes=3)),
        ("-100minutes", timedelta(minutes=-100)),
        ("-4hours", timedelta(hours=-4)),
        ("-4days", timedelta(days=-4)),
        ("-10weeks, 2d", -timedelta(weeks=10, days=2)),
        ("-1day", timedelta(days=-1)),
        ("-60", timedelta(minutes=-60)),
        ("15", timedelta(minutes=15)),
        ("-1D", timedelta(days=-1)),
        ("-1d2h", -timedelta(days=1, hours=2)),
    ],
)
def test_periods_are_relative_to_now(text: str, delta: timedelta) -> None:
    assert parse_period(text) == delta
    assert parse_date_value(text, NOW) == NOW + delta


@pytest.mark.parametrize(
    "text", ["-100milestone", "-4humor", "-4dummies", "-10wombat", "-10whatever", "4w 2", "4w 2y", "-", "d", "-d5"]
)
def test_malformed_periods(text: str) -> None:
    # These are the invalid forms from Atlassian's TestRelativeDates func test, plus shapes Jira also refuses.
    assert parse_period(text) is None
    assert parse_date_value(text, NOW) is None


def test_enormous_periods_are_invalid_rather_than_crashing() -> None:
    assert parse_date_value("-99999999999999d", NOW) is None
    assert parse_date_value("99999999999999999999", NOW) is None


def test_epoch_milliseconds() -> None:
    assert from_epoch_millis(1_704_067_200_000) == utc(2024, 1, 1)
    assert from_epoch_millis(-60_000) == utc(1969, 12, 31, 23, 59)
    assert from_epoch_millis(10**30) is None


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("now", (), NOW),
        ("NOW", (), NOW),
        ("startOfDay", (), utc(2024, 3, 13)),
        ("startofday", (), utc(2024, 3, 13)),
        ("startOfDay", ("-1",), utc(2024, 3, 12)),
        ("startOfDay", ("+1",), utc(2024, 3, 14)),
        ("startOfDay", ("-1d",), utc(2024, 3, 12)),
        ("startOfDay", ("-1w",), utc(2024, 3, 6)),
        ("startOfDay", ("-2h",), utc(2024, 3, 12, 22)),
        ("startOfDay", ("30m",), utc(2024, 3, 13, 0, 30)),
        ("endOfDay", (), utc(2024, 3, 13, 23, 59, 59, 999_000)),
        ("endOfDay", ("-1",), utc(2024, 3, 12, 23, 59, 59, 999_000)),
        ("startOfWeek", (), utc(2024, 3, 10)),  # Sunday
        ("endOfWeek", (), utc(2024, 3, 16, 23, 59, 59, 999_000)),  # Saturday
        ("startOfWeek", ("-1",), utc(2024, 3, 3)),
        ("startOfMonth", (), utc(2024, 3, 1)),
        ("startOfMonth", ("+15d",), utc(2024, 3, 16)),
        ("startOfMonth", ("-1M",), utc(2024, 2, 1)),
        ("endOfMonth", (), utc(2024, 3, 31, 23, 59, 59, 999_000)),
        ("endOfMonth", ("-1",), utc(2024, 2, 29, 23, 59, 59, 999_000)),
        ("startOfYear", (), utc(2024, 1, 1)),
        ("endOfYear", ("-1",), utc(2023, 12, 31, 23, 59, 59, 999_000)),
        ("startOfYear", ("1y",), utc(2025, 1, 1)),
    ],
)
def test_date_functions(name: str, args: tuple[str, ...], expected: datetime) -> None:
    assert is_date_function(name)
    assert evaluate_date_function(name, args, NOW) == expected


def test_end_of_month_from_a_long_month_into_a_short_one() -> None:
    assert evaluate_date_function("endOfMonth", ("1",), utc(2024, 1, 31, 12)) == utc(2024, 2, 29, 23, 59, 59, 999_000)


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("now", ("1",), "Function 'now' expected '0' arguments but received '1'."),
        ("startOfDay", ("1", "2"), "Function 'startOfDay' expected between '0' and '1' arguments but received '2'."),
        (
            "startOfDay",
            ("invalid",),
            "Duration for function 'startOfDay' should have the format (+/-)n(yMwdm), e.g -1M for 1 month earlier.",
        ),
        (
            "endOfWeek",
            ("-1x",),
            "Duration for function 'endOfWeek' should have the format (+/-)n(yMwdm), e.g -1M for 1 month earlier.",
        ),
        (
            "startOfYear",
            ("99999999999y",),
            "Duration for function 'startOfYear' should have the format (+/-)n(yMwdm), e.g -1M for 1 month earlier.",
        ),
    ],
)
def test_date_function_errors(name: str, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(DateFunctionError) as caught:
        evaluate_date_function(name, args, NOW)
    assert caught.value.message == message


def test_non_date_functions_are_not_date_functions() -> None:
    assert not is_date_function("currentUser")
    assert not is_date_function("startOfFortnight")
