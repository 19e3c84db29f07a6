"""Who hears about a finished job: the owner, as their preference says, and the schedule's listed recipients."""

from collections.abc import Iterable
from typing import Final, Literal, get_args

from jiraex_shared.db.repositories.notification_audience import OwnerContact

__all__ = [
    "ATTENTION_STATES",
    "DEFAULT_JOB_NOTIFICATIONS",
    "JOB_NOTIFICATIONS_PREFERENCE",
    "JOB_NOTIFICATION_CHOICES",
    "JobNotifications",
    "OwnerContact",
    "job_notifications",
    "job_recipients",
    "owner_wants",
]

JobNotifications = Literal["off", "failures", "all"]
JOB_NOTIFICATION_CHOICES: Final = get_args(JobNotifications)

# The key in ``users.preferences`` (GET/PUT /api/me/preferences) holding one of JOB_NOTIFICATION_CHOICES.
JOB_NOTIFICATIONS_PREFERENCE: Final = "job_notifications"
# A user who never chose hears about what needs attention, not about every routine success.
DEFAULT_JOB_NOTIFICATIONS: Final[JobNotifications] = "failures"
# "Failures only" includes incomplete exports: a receipt with gaps needs the owner's attention too.
ATTENTION_STATES: Final = frozenset({"failed", "succeeded_with_warnings"})


def job_notifications(preferences: dict[str, object]) -> JobNotifications:
    """The owner's choice; a missing or unknown value (an older or hand-edited row) means the default."""
    value = preferences.get(JOB_NOTIFICATIONS_PREFERENCE)
    for choice in JOB_NOTIFICATION_CHOICES:
        if value == choice:
            return choice
    return DEFAULT_JOB_NOTIFICATIONS


def owner_wants(state: str, choice: JobNotifications) -> bool:
    if choice == "all":
        return True
    return choice == "failures" and state in ATTENTION_STATES


def job_recipients(state: str, owner: OwnerContact | None, schedule_recipients: Iterable[object]) -> list[str]:
    """Addresses to mail about a job that ended in ``state``, normalized, each once, owner first.

    A schedule's recipients were listed on purpose and hear about every run, whatever the state, even an
    owner who listed themselves while their general preference is off. A deactivated owner hears nothing;
    entries that are not addresses (a hand-edited row) are skipped.
    """
    candidates: list[str] = []
    if owner is not None and owner.active and owner_wants(state, job_notifications(owner.preferences)):
        candidates.append(owner.email)
    candidates += [entry for entry in schedule_recipients if isinstance(entry, str)]
    chosen: list[str] = []
    for candidate in candidates:
        address = candidate.strip().lower()
        if _looks_like_address(address) and address not in chosen:
            chosen.append(address)
    return chosen


def _looks_like_address(address: str) -> bool:
    local, at, domain = address.rpartition("@")
    return bool(at and local and domain) and not any(char.isspace() for char in address) and len(address) <= 320
