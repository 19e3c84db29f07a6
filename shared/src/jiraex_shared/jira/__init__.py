"""Jira REST client: search in both dialects, bulk fetch, complete lists, attachments, classified errors."""

from jiraex_shared.jira.client import JiraClient, normalise_base_url
from jiraex_shared.jira.credentials import JiraCredentials
from jiraex_shared.jira.errors import (
    JiraAuthError,
    JiraBadRequest,
    JiraError,
    JiraForbidden,
    JiraNotFound,
    JiraPermanentError,
    JiraProtocolError,
    JiraRetryableError,
)
from jiraex_shared.jira.search import SearchCursor, SearchPage
from jiraex_shared.jira.server_info import Deployment, ServerInfo
from jiraex_shared.jira.stats import RequestStats

__all__ = [
    "Deployment",
    "JiraAuthError",
    "JiraBadRequest",
    "JiraClient",
    "JiraCredentials",
    "JiraError",
    "JiraForbidden",
    "JiraNotFound",
    "JiraPermanentError",
    "JiraProtocolError",
    "JiraRetryableError",
    "RequestStats",
    "SearchCursor",
    "SearchPage",
    "ServerInfo",
    "normalise_base_url",
]
