"""Runs JQL over the dataset in Jira's order, caching results: a token chain re-reads one query many times."""

from __future__ import annotations

from array import array
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from jiraex_jira_sim.jql import JqlQuery, parse_jql

if TYPE_CHECKING:
    from jiraex_jira_sim.dataset import Dataset


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: JqlQuery
    # Issue indices in Jira's order (compact: a 100k-issue result is 400 kB, not 3.6 MB of ints).
    indices: array

    def __len__(self) -> int:
        return len(self.indices)


class IssueSearch:
    def __init__(self, dataset: Dataset, now: datetime, cache_size: int = 32) -> None:
        self._dataset = dataset
        self._now = now
        self._cache: OrderedDict[str, SearchResult] = OrderedDict()
        self._cache_size = cache_size

    def parse(self, jql: str) -> JqlQuery:
        """The parsed query; raises JqlError with Jira's messages."""
        return parse_jql(jql, catalog=self._dataset.catalog, now=self._now)

    def run(self, jql: str) -> SearchResult:
        key = jql.strip()
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        query = self.parse(jql)
        dataset = self._dataset
        views = dataset.jql_issues()
        matching = [i for i, view in enumerate(views) if query.matches(view)]
        matching.sort(key=lambda i: query.sort_key(views[i]))
        result = SearchResult(query=query, indices=array("i", matching))
        self._cache[key] = result
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return result
