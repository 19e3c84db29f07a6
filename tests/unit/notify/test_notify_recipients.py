"""Recipient rules: the owner's preference (off / failures / all) and a schedule's listed recipients."""

import pytest

from jiraex_shared.notify import JOB_NOTIFICATIONS_PREFERENCE, OwnerContact, job_recipients


def owner(choice: str | None, *, active: bool = True) -> OwnerContact:
    preferences: dict[str, object] = {} if choice is None else {JOB_NOTIFICATIONS_PREFERENCE: choice}
    return OwnerContact(email="owner@example.com", active=active, preferences=preferences)


@pytest.mark.parametrize(
    ("choice", "state", "mailed"),
    [
        ("all", "succeeded", True),
        ("all", "cancelled", True),
        ("failures", "failed", True),
        ("failures", "succeeded_with_warnings", True),
        ("failures", "succeeded", False),
        ("failures", "cancelled", False),
        ("off", "failed", False),
        (None, "failed", True),  # the default is "failures"
        (None, "succeeded", False),
        ("bogus", "failed", True),  # an unknown value reads as the default
        ("bogus", "succeeded", False),
    ],
)
def test_owner_preference(choice: str | None, state: str, mailed: bool) -> None:
    assert job_recipients(state, owner(choice), []) == (["owner@example.com"] if mailed else [])


def test_deactivated_owner_hears_nothing() -> None:
    assert job_recipients("failed", owner("all", active=False), []) == []


def test_schedule_recipients_hear_every_run_each_once_normalized() -> None:
    recipients = [" Team@Example.com ", "team@example.com", "OWNER@example.com", 42, "not an address", "b@x.org"]
    assert job_recipients("succeeded", owner("all"), recipients) == ["owner@example.com", "team@example.com", "b@x.org"]
    # An owner who opted out still gets the mail when they listed themselves on the schedule.
    assert job_recipients("succeeded", owner("off"), ["owner@example.com"]) == ["owner@example.com"]
    assert job_recipients("cancelled", None, ["a@x.org"]) == ["a@x.org"]
