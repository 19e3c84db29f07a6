"""IssueIdSet: exact membership for Jira's numeric ids, and for anything else a peer might send."""

from hypothesis import given
from hypothesis import strategies as st

from jiraex_shared.pipeline.id_set import IssueIdSet


def test_each_id_is_new_once_and_look_alikes_stay_distinct() -> None:
    ids = IssueIdSet()
    assert [ids.add(i) for i in ["10001", "10001", "0", "00", "010", "10", "٣", "3", "9223372036854775807"]] == [
        True, False, True, True, True, True, True, True, True,
    ]
    assert not ids.add("00") and not ids.add("9223372036854775807")
    assert len(ids) == 8


@given(st.lists(st.one_of(st.integers(min_value=0, max_value=2**64).map(str), st.text(max_size=4))))
def test_behaves_like_a_set(values: list[str]) -> None:
    ids, reference = IssueIdSet(), set()
    for value in values:
        assert ids.add(value) == (value not in reference)
        reference.add(value)
    assert len(ids) == len(reference)
