"""Incremental JQL: the updated condition as epoch milliseconds, ORDER BY kept last, quotes respected."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from jiraex_shared.scheduling import incremental_cutoff, split_order_by, updated_since

SINCE = datetime(2025, 5, 1, 12, 30, 15, 250_000, tzinfo=UTC)
MILLIS = 1746102615250


def test_the_condition_is_an_instant_in_epoch_milliseconds() -> None:
    assert updated_since("project = ALPHA", SINCE) == f"(project = ALPHA) AND updated >= {MILLIS}"
    # The same instant written in another offset gives the same number: no time-zone ambiguity.
    shifted = SINCE.astimezone(timezone(timedelta(hours=-7)))
    assert updated_since("project = ALPHA", shifted) == updated_since("project = ALPHA", SINCE)


def test_order_by_stays_at_the_end() -> None:
    assert updated_since("project = A OR project = B order by key ASC", SINCE) == (
        f"(project = A OR project = B) AND updated >= {MILLIS} order by key ASC"
    )
    assert updated_since("ORDER BY created DESC", SINCE) == f"updated >= {MILLIS} ORDER BY created DESC"


def test_order_by_inside_a_quoted_value_is_not_the_clause() -> None:
    jql = 'summary ~ "sort order by date" AND text ~ \'x order by y\' ORDER BY key'
    assert split_order_by(jql) == ('summary ~ "sort order by date" AND text ~ \'x order by y\' ', "ORDER BY key")
    assert split_order_by('summary ~ "escaped \\" order by"') == ('summary ~ "escaped \\" order by"', "")


def test_the_cutoff_is_the_last_success_minus_the_lookback() -> None:
    assert incremental_cutoff(None, 600) is None
    assert incremental_cutoff(SINCE, 600) == SINCE - timedelta(minutes=10)


def test_a_naive_cutoff_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        updated_since("project = A", datetime(2025, 1, 1))
