"""Custom field definitions (one per common schema type, two named "Team") and their raw values."""

import random
from dataclasses import dataclass
from typing import Any

from jiraex_jira_sim.dataset.richtext import generate_doc
from jiraex_jira_sim.dataset.rng import below, between, pick, subset
from jiraex_jira_sim.dataset.text import short_value

_PREFIX = "com.atlassian.jira.plugin.system.customfieldtypes:"


@dataclass(frozen=True, slots=True)
class CustomField:
    number: int
    name: str
    kind: str  # select, multiselect, number, date, datetime, user, multiuser, labels, text, textarea, sprint, rank
    custom_type: str
    schema_type: str
    items: str | None = None
    options: tuple[str, ...] = ()
    null_chance: float = 0.4

    @property
    def id(self) -> str:
        return f"customfield_{self.number}"

    def option_id(self, k: int) -> str:
        return str(self.number * 10 + k)


CUSTOM_FIELDS: tuple[CustomField, ...] = (
    CustomField(10010, "Sprint", "sprint", "com.pyxis.greenhopper.jira:gh-sprint", "array", "json"),
    CustomField(10011, "Rank", "rank", "com.pyxis.greenhopper.jira:gh-lexo-rank", "any", null_chance=0.0),
    CustomField(10016, "Story Points", "number", _PREFIX + "float", "number"),
    CustomField(
        10100,
        "Severity",
        "select",
        _PREFIX + "select",
        "option",
        options=("S1 – Critical", "S2 – Major", "S3 – Minor", "S4 – Trivial"),
    ),
    CustomField(
        10101,
        "Platforms",
        "multiselect",
        _PREFIX + "multiselect",
        "array",
        "option",
        options=("Web", "iOS", "Android", "Windows", "macOS", "Linux 🐧"),
    ),
    CustomField(10102, "Target date", "date", _PREFIX + "datepicker", "date"),
    CustomField(10103, "Go-live", "datetime", _PREFIX + "datetime", "datetime"),
    CustomField(10104, "Reviewer", "user", _PREFIX + "userpicker", "user"),
    CustomField(10105, "Approvers", "multiuser", _PREFIX + "multiuserpicker", "array", "user"),
    CustomField(10106, "Tags", "labels", _PREFIX + "labels", "array", "string"),
    CustomField(10107, "External ID", "text", _PREFIX + "textfield", "string"),
    CustomField(10108, "Acceptance Criteria", "textarea", _PREFIX + "textarea", "string", null_chance=0.6),
    # two fields with the same display name: exporters must key columns by id, not by name
    CustomField(
        10200,
        "Team",
        "select",
        _PREFIX + "select",
        "option",
        options=("Platform", "Mobile", "Données", "فريق التطوير", "צוות ליבה"),
    ),
    CustomField(10201, "Team", "text", _PREFIX + "textfield", "string"),
)
BY_ID = {cf.id: cf for cf in CUSTOM_FIELDS}

SPRINT_COUNT = 12
_TAGS = ("q1", "q2", "okr", "ñandú", "blocked-by-vendor", "🧪experiment")
_NUMBERS = (0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0)


def generate_value(cf: CustomField, rng: random.Random, index: int, created_ms: int, users: int) -> Any:
    """The raw (deployment-independent) value of one custom field for one issue, or None."""
    if rng.random() < cf.null_chance:
        return None
    kind = cf.kind
    if kind == "select":
        return below(rng, len(cf.options))
    if kind == "multiselect":
        return subset(rng, len(cf.options), between(rng, 1, 3))
    if kind == "number":
        return pick(rng, _NUMBERS)
    if kind in ("date", "datetime"):
        return created_ms + between(rng, 1, 90) * 86_400_000 + between(rng, 0, 86_399_999)
    if kind == "user":
        return below(rng, users - 1)
    if kind == "multiuser":
        return subset(rng, users - 1, between(rng, 1, 3))
    if kind == "labels":
        return tuple(_TAGS[k] for k in subset(rng, len(_TAGS), between(rng, 1, 3)))
    if kind == "text":
        return short_value(rng)
    if kind == "textarea":
        return generate_doc(rng, 2)
    if kind == "sprint":
        first = below(rng, SPRINT_COUNT - 1)
        return tuple(range(first, min(first + between(rng, 1, 2), SPRINT_COUNT)))
    if kind == "rank":
        return f"0|i{index:05x}:"
    raise ValueError(kind)
