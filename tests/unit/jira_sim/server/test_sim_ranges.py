"""Single byte ranges: satisfiable spans, ignored forms and 416 cases."""

import pytest

from jiraex_jira_sim.ranges import RangeNotSatisfiable, parse_range


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        (None, 10, None),
        ("bytes=0-0", 10, (0, 1)),
        ("bytes=2-5", 10, (2, 6)),
        ("bytes=2-", 10, (2, 10)),
        ("bytes=5-100", 10, (5, 10)),
        ("bytes=-3", 10, (7, 10)),
        ("bytes=-30", 10, (0, 10)),
        ("BYTES = 1 - 2", 10, (1, 3)),
        ("bytes=5-2", 10, None),  # invalid: ignored, full body
        ("bytes=0-1,4-5", 10, None),  # multi-range: ignored
        ("items=0-1", 10, None),
        ("bytes=-", 10, None),
    ],
)
def test_spans(header: str | None, size: int, expected: tuple[int, int] | None) -> None:
    assert parse_range(header, size) == expected


@pytest.mark.parametrize(
    ("header", "size"), [("bytes=10-", 10), ("bytes=10-20", 10), ("bytes=-0", 10), ("bytes=0-", 0), ("bytes=-5", 0)]
)
def test_unsatisfiable(header: str, size: int) -> None:
    with pytest.raises(RangeNotSatisfiable):
        parse_range(header, size)
