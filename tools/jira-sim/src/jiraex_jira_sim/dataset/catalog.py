"""Fixed Jira metadata: issue types, statuses, priorities, resolutions, link types, labels, projects."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StatusCategory:
    id: int
    key: str
    color: str
    name: str


@dataclass(frozen=True, slots=True)
class IssueType:
    id: str
    name: str
    description: str
    icon: str
    subtask: bool
    hierarchy_level: int


@dataclass(frozen=True, slots=True)
class Status:
    id: str
    name: str
    description: str
    icon: str
    category: StatusCategory


@dataclass(frozen=True, slots=True)
class Named:
    """Priority or resolution: an id, a name and a description."""

    id: str
    name: str
    description: str
    icon: str = ""


@dataclass(frozen=True, slots=True)
class LinkType:
    id: str
    name: str
    inward: str
    outward: str


@dataclass(frozen=True, slots=True)
class Component:
    id: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Version:
    id: str
    name: str
    description: str
    release_date: str | None
    released: bool
    archived: bool


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    index: int
    id: str
    key: str
    name: str
    description: str
    lead_user: int
    components: tuple[Component, ...]
    versions: tuple[Version, ...]


TODO_CAT = StatusCategory(2, "new", "blue-gray", "To Do")
PROGRESS_CAT = StatusCategory(4, "indeterminate", "yellow", "In Progress")
DONE_CAT = StatusCategory(3, "done", "green", "Done")

ISSUE_TYPES: tuple[IssueType, ...] = (
    IssueType("10000", "Epic", "A big user story that needs to be broken down.", "epic.svg", False, 1),
    IssueType("10001", "Story", "Functionality or a feature expressed as a user goal.", "story.svg", False, 0),
    IssueType("10002", "Task", "A small, distinct piece of work.", "task.svg", False, 0),
    IssueType("10003", "Bug", "A problem or error.", "bug.svg", False, 0),
    IssueType("10004", "Sub-task", "A small piece of work that's part of a larger task.", "subtask.svg", True, -1),
)
EPIC, STORY, TASK, BUG, SUBTASK = range(5)

STATUSES: tuple[Status, ...] = (
    Status("10000", "To Do", "", "open.png", TODO_CAT),
    Status("3", "In Progress", "This issue is being actively worked on at the moment.", "inprogress.png", PROGRESS_CAT),
    Status("10001", "In Review", "Waiting for a second pair of eyes.", "inprogress.png", PROGRESS_CAT),
    Status("10002", "Done", "", "closed.png", DONE_CAT),
    Status("10003", "Won't Do", "Closed without doing the work.", "closed.png", DONE_CAT),
)
STATUS_TODO = 0

PRIORITIES: tuple[Named, ...] = (
    Named("1", "Highest", "This problem will block progress.", "highest.svg"),
    Named("2", "High", "Serious problem that could block progress.", "high.svg"),
    Named("3", "Medium", "Has the potential to affect progress.", "medium.svg"),
    Named("4", "Low", "Minor problem or easily worked around.", "low.svg"),
    Named("5", "Lowest", "Trivial problem with little or no impact on progress.", "lowest.svg"),
)

RESOLUTIONS: tuple[Named, ...] = (
    Named("10000", "Done", "Work has been completed on this issue."),
    Named("10001", "Won't Do", "This issue won't be actioned."),
    Named("10002", "Duplicate", "The problem is a duplicate of an existing issue."),
    Named("10003", "Cannot Reproduce", "All attempts at reproducing this issue failed."),
)

LINK_TYPES: tuple[LinkType, ...] = (
    LinkType("10000", "Blocks", "is blocked by", "blocks"),
    LinkType("10001", "Cloners", "is cloned by", "clones"),
    LinkType("10002", "Duplicate", "is duplicated by", "duplicates"),
    LinkType("10003", "Relates", "relates to", "relates to"),
)

# Jira labels cannot contain spaces; unicode is allowed
LABELS: tuple[str, ...] = (
    "backend",
    "frontend",
    "regression",
    "customer-reported",
    "tech-debt",
    "security",
    "performance",
    "needs-triage",
    "l10n",
    "日本語",
    "données",
    "🔥hotfix",
)

_PROJECT_NAMES: tuple[tuple[str, str], ...] = (
    ("ALPHA", "Alpha Platform"),
    ("BRAVO", "Bravo Mobile ☕"),
    ("CHARLIE", "Charlie Données & Ops"),
    ("DELTA", "Delta עברית"),
    ("ECHO", "Echo العربية"),
    ("FOXTROT", "Foxtrot <Web>"),
    ("GOLF", "Golf Infra"),
    ("HOTEL", "Hotel Billing"),
)
_COMPONENTS: tuple[tuple[str, str], ...] = (
    ("Backend", "Server-side services"),
    ("Frontend", "Web UI"),
    ("API", "Public REST API"),
    ("Docs & Help", "User documentation <and> help pages"),
)
_VERSIONS: tuple[tuple[str, str | None, bool, bool], ...] = (
    ("1.0", "2023-03-01", True, True),
    ("1.1", "2023-09-15", True, False),
    ("2.0", "2024-04-30", True, False),
    ("2.1-beta", "2024-11-20", False, False),
    ("3.0 (next)", None, False, False),
)


def build_projects(count: int, users: int) -> tuple[ProjectInfo, ...]:
    """The first eight projects have hand-picked awkward names; further ones are numbered."""
    projects = []
    for p in range(count):
        key, name = _PROJECT_NAMES[p] if p < len(_PROJECT_NAMES) else (f"P{p}X", f"Project {p}")
        components = tuple(
            Component(str(10000 + p * 10 + c), cname, cdesc) for c, (cname, cdesc) in enumerate(_COMPONENTS)
        )
        versions = tuple(
            Version(str(10000 + p * 10 + v), vname, f"{name} release {vname}", date, released, archived)
            for v, (vname, date, released, archived) in enumerate(_VERSIONS)
        )
        projects.append(
            ProjectInfo(p, str(10000 + p), key, name, f"Generated project {name}", p % users, components, versions)
        )
    return tuple(projects)
