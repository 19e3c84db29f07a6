"""Per-issue content derived on demand from (seed, issue index): texts, versions, custom values."""

from dataclasses import dataclass
from typing import Any

from jiraex_jira_sim.dataset.custom_fields import CUSTOM_FIELDS, generate_value
from jiraex_jira_sim.dataset.richtext import Doc, generate_doc
from jiraex_jira_sim.dataset.rng import Stream, between, pick, sub_rng, subset
from jiraex_jira_sim.dataset.text import summary_text

COMPONENTS_PER_PROJECT = 4
VERSIONS_PER_PROJECT = 5


@dataclass(frozen=True, slots=True)
class IssueDetails:
    description: Doc | None
    environment: Doc | None
    components: tuple[int, ...]
    fix_versions: tuple[int, ...]
    versions: tuple[int, ...]
    due_ms: int | None
    original_estimate: int | None  # seconds
    remaining_estimate: int | None
    votes: int
    watches: int
    custom: dict[str, Any]


def summary(seed: int, i: int) -> str:
    return summary_text(sub_rng(seed, Stream.SUMMARY, i))


def derive_details(seed: int, i: int, created_ms: int, users: int) -> IssueDetails:
    """Everything about issue i that is not stored in the compact records."""
    rng = sub_rng(seed, Stream.DETAIL, i)
    description = generate_doc(rng) if rng.random() < 0.8 else None
    environment = generate_doc(rng, 1) if rng.random() < 0.15 else None
    components = subset(rng, COMPONENTS_PER_PROJECT, between(rng, 0, 2))
    fix_versions = subset(rng, VERSIONS_PER_PROJECT, between(rng, 0, 2))
    versions = subset(rng, VERSIONS_PER_PROJECT, between(rng, 0, 1))
    due_ms = created_ms + between(rng, 3, 120) * 86_400_000 if rng.random() < 0.3 else None
    original = pick(rng, (3600, 7200, 4 * 3600, 8 * 3600, 3 * 8 * 3600, 5 * 8 * 3600)) if rng.random() < 0.4 else None
    remaining = between(rng, 0, original // 60) * 60 if original else None
    custom = {cf.id: generate_value(cf, rng, i, created_ms, users) for cf in CUSTOM_FIELDS}
    return IssueDetails(
        description=description,
        environment=environment,
        components=components,
        fix_versions=fix_versions,
        versions=versions,
        due_ms=due_ms,
        original_estimate=original,
        remaining_estimate=remaining,
        votes=between(rng, 0, 5),
        watches=between(rng, 0, 4),
        custom=custom,
    )
