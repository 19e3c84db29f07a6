"""Property tests: boolean algebra over random queries and issues, and robustness on arbitrary input."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from jiraex_jira_sim.jql import JqlCatalog, JqlError, parse_jql

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)
PROJECTS = ("ALPHA", "BETA")
TYPES = ("Task", "Bug", "Story")
STATUSES = ("Open", "In Progress", "Done")
PRIORITIES = ("Highest", "High", "Medium", "Low", "Lowest")
LABELS = ("backend", "frontend", "urgent")
CATALOG = JqlCatalog(frozenset(PROJECTS), frozenset(TYPES), frozenset(STATUSES), frozenset(PRIORITIES))


@dataclass(frozen=True, slots=True)
class Issue:
    id: int
    key: str
    project_key: str
    issue_type: str
    status: str
    priority: str
    labels: tuple[str, ...]
    created: datetime
    updated: datetime


@st.composite
def issues(draw: st.DrawFn) -> list[Issue]:
    count = draw(st.integers(min_value=0, max_value=25))
    result = []
    for index in range(count):
        project = draw(st.sampled_from(PROJECTS))
        created = NOW - timedelta(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 60)))
        result.append(
            Issue(
                id=index + 1,
                key=f"{project}-{draw(st.integers(min_value=1, max_value=40))}",
                project_key=project,
                issue_type=draw(st.sampled_from(TYPES)),
                status=draw(st.sampled_from(STATUSES)),
                priority=draw(st.sampled_from(PRIORITIES)),
                labels=tuple(draw(st.lists(st.sampled_from(LABELS), max_size=2, unique=True))),
                created=created,
                updated=created + timedelta(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 30))),
            )
        )
    return result


def _quoted(value: str) -> str:
    return f'"{value}"'


ATOMS = st.one_of(
    st.builds(lambda v: f"project = {v}", st.sampled_from(PROJECTS)),
    st.builds(lambda v: f"project != {v}", st.sampled_from(PROJECTS)),
    st.builds(lambda v: f"issuetype in ({v})", st.sampled_from(TYPES)),
    st.builds(lambda v: f"status = {_quoted(v)}", st.sampled_from(STATUSES)),
    st.builds(lambda v: f"status not in ({_quoted(v)}, Done)", st.sampled_from(STATUSES)),
    st.builds(
        lambda op, v: f"priority {op} {v}",
        st.sampled_from(["=", "!=", ">", ">=", "<", "<="]),
        st.sampled_from(PRIORITIES),
    ),
    st.builds(lambda v: f"labels = {v}", st.sampled_from(LABELS)),
    st.builds(lambda v: f"labels != {v}", st.sampled_from(LABELS)),
    st.builds(lambda v: f"labels in ({v}, EMPTY)", st.sampled_from(LABELS)),
    st.sampled_from(["labels is EMPTY", "labels is not EMPTY"]),
    st.builds(
        lambda op, p, n: f"key {op} {p}-{n}",
        st.sampled_from(["=", "!=", ">", ">=", "<", "<="]),
        st.sampled_from(PROJECTS),
        st.integers(min_value=1, max_value=40),
    ),
    st.builds(
        lambda field, op, days: f"{field} {op} -{days}d",
        st.sampled_from(["created", "updated"]),
        st.sampled_from([">", ">=", "<", "<="]),
        st.integers(min_value=0, max_value=70),
    ),
    st.builds(lambda op, days: f"created {op} startOfDay(-{days})", st.sampled_from([">", "<"]), st.integers(0, 60)),
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda a, b: f"({a}) AND ({b})", children, children),
        st.builds(lambda a, b: f"({a}) OR ({b})", children, children),
        st.builds(lambda a: f"NOT ({a})", children),
    )


CLAUSES = st.recursive(ATOMS, _combine, max_leaves=6)


def matching(jql: str, corpus: list[Issue]) -> set[int]:
    query = parse_jql(jql, catalog=CATALOG, now=NOW)
    return {issue.id for issue in corpus if query.matches(issue)}


@settings(max_examples=100, deadline=None)
@given(x=CLAUSES, corpus=issues())
def test_not_is_the_exact_complement(x: str, corpus: list[Issue]) -> None:
    everything = {issue.id for issue in corpus}
    assert matching(f"NOT ({x})", corpus) == everything - matching(x, corpus)


@settings(max_examples=100, deadline=None)
@given(x=CLAUSES, y=CLAUSES, corpus=issues())
def test_and_or_are_intersection_and_union(x: str, y: str, corpus: list[Issue]) -> None:
    left, right = matching(x, corpus), matching(y, corpus)
    union = matching(f"({x}) OR ({y})", corpus)
    assert union >= left
    assert union == left | right
    assert matching(f"({x}) AND ({y})", corpus) == left & right
    assert matching(f"NOT (({x}) AND ({y}))", corpus) == matching(f"NOT ({x}) OR NOT ({y})", corpus)


@settings(max_examples=60, deadline=None)
@given(x=ATOMS, y=ATOMS, z=ATOMS, corpus=issues())
def test_and_binds_tighter_than_or_and_not_tightest(x: str, y: str, z: str, corpus: list[Issue]) -> None:
    assert matching(f"{x} OR {y} AND {z}", corpus) == matching(f"{x} OR ({y} AND {z})", corpus)
    assert matching(f"{x} AND {y} OR {z}", corpus) == matching(f"({x} AND {y}) OR {z}", corpus)
    assert matching(f"NOT {x} AND {y}", corpus) == matching(f"(NOT {x}) AND {y}", corpus)
    assert matching(f"{x} && {y} || {z}", corpus) == matching(f"{x} AND {y} OR {z}", corpus)


@settings(max_examples=60, deadline=None)
@given(corpus=issues(), descending=st.booleans(), field=st.sampled_from(["key", "created", "updated", "status"]))
def test_sorting_is_a_strict_total_order(corpus: list[Issue], descending: bool, field: str) -> None:
    direction = "DESC" if descending else "ASC"
    query = parse_jql(f"ORDER BY {field} {direction}", catalog=CATALOG, now=NOW)
    ordered = sorted(corpus, key=query.sort_key)
    assert len({query.sort_key(issue) for issue in corpus}) == len(corpus)  # ids break every tie
    assert sorted(reversed(corpus), key=query.sort_key) == ordered  # independent of input order


FUZZ_PIECES = (
    *"ab =!<>~()[],\"'\\&|-%{}\n9",
    *("AND ", "OR ", "NOT ", "in ", "is ", "EMPTY", "order by ", "project", "key", "labels", "created", "cf", "u00"),
)


def refusal(text: str) -> list[str] | None:
    """None when `text` is accepted, else the messages it is refused with."""
    try:
        parse_jql(text, catalog=CATALOG, now=NOW)
    except JqlError as exc:
        return exc.messages
    return None


@settings(max_examples=400, deadline=None)
@given(text=st.lists(st.sampled_from(FUZZ_PIECES), max_size=30).map("".join))
def test_arbitrary_jql_like_text_is_accepted_or_refused_with_messages(text: str) -> None:
    messages = refusal(text)
    assert messages is None or (messages and all(isinstance(message, str) and message for message in messages))


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60))
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    messages = refusal(text)
    assert messages is None or messages
