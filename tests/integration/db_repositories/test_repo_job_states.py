"""The job state machine itself (no database): forward moves, failure and cancel from any live state, no way back."""

import itertools

import pytest

from jiraex_shared.db import JOB_STATES, TERMINAL_JOB_STATES
from jiraex_shared.db.repositories import ALLOWED_TRANSITIONS, LIVE_JOB_STATES, InvalidTransition, can_transition
from jiraex_shared.db.repositories.job_states import check_claimable, sources_of

HAPPY_PATH = ["queued", "planning", "running", "assembling", "succeeded"]


def test_the_happy_path_is_allowed_step_by_step_and_never_skips_a_step() -> None:
    for current, target in itertools.pairwise(HAPPY_PATH):
        assert can_transition(current, target)
    assert can_transition("assembling", "succeeded_with_warnings")
    assert not can_transition("queued", "running")
    assert not can_transition("planning", "assembling")
    assert not can_transition("running", "succeeded")


def test_every_live_state_may_fail_or_be_cancelled_and_terminal_states_never_move() -> None:
    assert set(LIVE_JOB_STATES) | set(TERMINAL_JOB_STATES) == set(JOB_STATES)
    for state in LIVE_JOB_STATES:
        assert can_transition(state, "failed")
        assert can_transition(state, "cancelled")
    for state in TERMINAL_JOB_STATES:
        assert state not in ALLOWED_TRANSITIONS
        assert not any(can_transition(state, target) for target in JOB_STATES)


def test_sources_of_a_state_and_states_nothing_may_reach() -> None:
    assert sources_of("running") == ("planning",)
    assert set(sources_of("cancelled")) == set(LIVE_JOB_STATES)
    with pytest.raises(InvalidTransition, match="no job state may move to 'queued'"):
        sources_of("queued")
    with pytest.raises(InvalidTransition, match="unknown"):
        sources_of("paused")


@pytest.mark.parametrize(
    ("from_states", "to_state"),
    [(("succeeded",), None), (("queued",), "assembling"), ((), "planning"), (("bogus",), None)],
)
def test_impossible_claims_are_refused(from_states: tuple[str, ...], to_state: str | None) -> None:
    with pytest.raises(InvalidTransition):
        check_claimable(from_states, to_state)


def test_a_claim_may_keep_the_state_or_move_it_forward() -> None:
    assert check_claimable(["queued", "planning"], "planning") == ("queued", "planning")
    assert check_claimable(("running", "assembling"), "assembling") == ("running", "assembling")
