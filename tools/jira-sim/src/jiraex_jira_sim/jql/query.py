"""parse_jql: text in, a validated JqlQuery out (or a JqlError carrying Jira's messages)."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from jiraex_jira_sim.jql.catalog import JqlCatalog
from jiraex_jira_sim.jql.compiler import Compiler
from jiraex_jira_sim.jql.errors import JqlError
from jiraex_jira_sim.jql.issue import JqlIssue
from jiraex_jira_sim.jql.ordering import SortKey, build_sort_key, sort_errors
from jiraex_jira_sim.jql.parser import parse
from jiraex_jira_sim.jql.predicates import Predicate, always
from jiraex_jira_sim.jql.syntax_tree import Query
from jiraex_jira_sim.jql.values import ValueResolver


class JqlQuery:
    """A compiled query: `matches(issue)` filters, `sort_key(issue)` orders (sorted(issues, key=q.sort_key)).

    Both are the compiled closures themselves, stored as attributes, so a loop over 100,000 issues pays no
    extra method call per issue.
    """

    def __init__(self, tree: Query, predicate: Predicate, sort_key: SortKey) -> None:
        self.tree = tree
        self.is_bounded: bool = tree.where is not None
        self.matches: Callable[[JqlIssue], bool] = predicate
        self.sort_key: Callable[[JqlIssue], tuple[Any, ...]] = sort_key


def parse_jql(text: str, *, catalog: JqlCatalog, now: datetime) -> JqlQuery:
    """Parse, validate and compile `text`; relative dates and date functions are fixed against `now` (UTC).

    Raises JqlError with the first syntax error, or with every validation error Jira would list.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    tree = parse(text)
    errors: list[str] = []
    predicate = always if tree.where is None else Compiler(ValueResolver(catalog, now, errors)).compile(tree.where)
    errors.extend(sort_errors(tree.order_by))
    if errors:
        # Jira collects messages in a set: a repeated mistake is reported once, in first-seen order.
        raise JqlError(list(dict.fromkeys(errors)))
    return JqlQuery(tree, predicate, build_sort_key(tree.order_by))
