"""A JQL parser and evaluator for the subset of Jira Query Language the exporters use."""

from jiraex_jira_sim.jql.catalog import JqlCatalog
from jiraex_jira_sim.jql.errors import JqlError
from jiraex_jira_sim.jql.issue import JqlIssue
from jiraex_jira_sim.jql.messages import UNBOUNDED_QUERY
from jiraex_jira_sim.jql.query import JqlQuery, parse_jql

__all__ = ["UNBOUNDED_QUERY", "JqlCatalog", "JqlError", "JqlIssue", "JqlQuery", "parse_jql"]
