"""Stream ids: parsing, formatting and the XADD * successor rule."""

import pytest

from jiraex_shared.eventstream import format_stream_id, parse_stream_id
from jiraex_shared.eventstream.ids import next_stream_id


def test_ids_round_trip() -> None:
    assert parse_stream_id("1700000000123-7") == (1700000000123, 7)
    assert format_stream_id((1700000000123, 7)) == "1700000000123-7"


@pytest.mark.parametrize("text", ["", "123", "-1", "1-", "a-1", "1-2-3", " 1-2", "1-2\n", f"{2**64}-0", "$"])
def test_incomplete_or_foreign_ids_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="stream id"):
        parse_stream_id(text)


def test_successor_uses_the_clock_when_it_moved_on_and_bumps_the_sequence_otherwise() -> None:
    assert next_stream_id((0, 0), 5) == (5, 0)
    assert next_stream_id((5, 0), 5) == (5, 1)
    assert next_stream_id((5, 1), 4) == (5, 2)  # clock stepped back: never reuse or go below
    assert next_stream_id((0, 0), 0) == (0, 1)  # Redis never hands out 0-0
