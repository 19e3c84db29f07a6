"""The job state machine: which state may follow which, in one place (ARCHITECTURE §3)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from jiraex_shared.db.jobs import JOB_STATES, TERMINAL_JOB_STATES

# queued → planning → running → assembling → one of the successes; any live state may fail or be cancelled.
# "running" starts when enumeration is complete (chunks may already be extracting during "planning").
_FORWARD: Final[dict[str, tuple[str, ...]]] = {
    "queued": ("planning",),
    "planning": ("running",),
    "running": ("assembling",),
    "assembling": ("succeeded", "succeeded_with_warnings"),
}
_ANY_TIME: Final = ("failed", "cancelled")

ALLOWED_TRANSITIONS: Final[dict[str, frozenset[str]]] = {
    state: frozenset((*targets, *_ANY_TIME)) for state, targets in _FORWARD.items()
}
LIVE_JOB_STATES: Final = tuple(ALLOWED_TRANSITIONS)


class InvalidTransition(ValueError):
    """No state may ever move to the requested one (e.g. back to ``queued``), or the name is unknown."""


def can_transition(current: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(current, frozenset())


def sources_of(target: str) -> tuple[str, ...]:
    """The states a job may be in for a move to ``target``; raises when there are none."""
    if target not in JOB_STATES:
        raise InvalidTransition(f"unknown job state {target!r}")
    sources = tuple(state for state in LIVE_JOB_STATES if can_transition(state, target))
    if not sources:
        raise InvalidTransition(f"no job state may move to {target!r}")
    return sources


def check_claimable(from_states: Iterable[str], to_state: str | None) -> tuple[str, ...]:
    """Validate a claim's states: live ones only, each equal to ``to_state`` or allowed to move to it."""
    states = tuple(from_states)
    if not states:
        raise InvalidTransition("a claim needs at least one state to claim from")
    for state in states:
        if state in TERMINAL_JOB_STATES or state not in JOB_STATES:
            raise InvalidTransition(f"a job in state {state!r} cannot be claimed")
        if to_state is not None and state != to_state and not can_transition(state, to_state):
            raise InvalidTransition(f"a claim cannot move a job from {state!r} to {to_state!r}")
    return states
