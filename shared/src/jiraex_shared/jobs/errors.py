"""How a failure ends a step: the job fails for good, or the message is retried."""

from jiraex_shared.jira import (
    JiraAuthError,
    JiraBadRequest,
    JiraError,
    JiraForbidden,
    JiraNotFound,
    JiraPermanentError,
)


def failure_kind(error: JiraError) -> str:
    """One of `contracts.ERROR_KINDS` for a permanent Jira error."""
    for cls, kind in (
        (JiraBadRequest, "jira_bad_request"),
        (JiraAuthError, "jira_auth"),
        (JiraForbidden, "jira_forbidden"),
        (JiraNotFound, "jira_not_found"),
    ):
        if isinstance(error, cls):
            return kind
    return "jira_bad_request" if isinstance(error, JiraPermanentError) else "jira_unavailable"
