"""Jira failures split into retryable and permanent; `message` is Jira's own text, never a credential."""

from __future__ import annotations

from typing import Literal

ErrorKind = Literal["retryable", "permanent"]


class JiraError(Exception):
    """A Jira request that did not succeed.

    `message` is what Jira said (parsed from whatever body shape it sent), `status` the HTTP status when a
    response arrived (None for timeouts and connection failures), `where` the method and path (no query
    string: JQL and pre-signed download URLs stay out of error text).
    """

    kind: ErrorKind = "permanent"

    def __init__(
        self, message: str, *, status: int | None = None, where: str = "", retry_after: float | None = None
    ) -> None:
        self.message = message
        self.status = status
        self.where = where
        # Seconds Jira asked us to wait (Retry-After), kept so a caller giving up can reschedule sensibly.
        self.retry_after = retry_after
        super().__init__(self._text())

    def _text(self) -> str:
        prefix = f"Jira {self.where}" if self.where else "Jira"
        status = f" answered HTTP {self.status}" if self.status is not None else " failed"
        return f"{prefix}{status}: {self.message}"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), self.message, self.status, self.where, self.retry_after))


def _rebuild(
    cls: type[JiraError], message: str, status: int | None, where: str, retry_after: float | None
) -> JiraError:
    return cls(message, status=status, where=where, retry_after=retry_after)


class JiraRetryableError(JiraError):
    """Rate limits, 5xx, timeouts and dropped connections that outlasted every attempt; try again later."""

    kind: ErrorKind = "retryable"


class JiraPermanentError(JiraError):
    """Retrying cannot help: bad JQL, bad credentials, no permission, unknown resource, removed API."""

    kind: ErrorKind = "permanent"


class JiraBadRequest(JiraPermanentError):
    """HTTP 400, e.g. a JQL syntax error or an unbounded query; the message is Jira's explanation."""


class JiraAuthError(JiraPermanentError):
    """HTTP 401: the credentials were refused (wrong token, expired token, wrong auth kind for the site)."""


class JiraForbidden(JiraPermanentError):
    """HTTP 403: authenticated, but not allowed (project permission, token scope)."""


class JiraNotFound(JiraPermanentError):
    """HTTP 404: unknown resource, or one the caller may not see (Jira does not tell the two apart)."""


class JiraProtocolError(JiraPermanentError):
    """The answer was not what a Jira REST API sends (an HTML page with 200, a cross-host redirect)."""


# 429 and 503 may carry Retry-After; the others are transient gateway or server trouble. 408 is the
# server giving up on a slow request. Every other status is final: retrying a 400 or 401 forever is the
# failure mode the architecture forbids.
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})

_PERMANENT_BY_STATUS: dict[int, type[JiraPermanentError]] = {
    400: JiraBadRequest,
    401: JiraAuthError,
    403: JiraForbidden,
    404: JiraNotFound,
}


def error_for_status(status: int, message: str, *, where: str, retry_after: float | None = None) -> JiraError:
    """The exception for an unsuccessful HTTP status."""
    if status in RETRYABLE_STATUSES:
        return JiraRetryableError(message, status=status, where=where, retry_after=retry_after)
    return _PERMANENT_BY_STATUS.get(status, JiraPermanentError)(message, status=status, where=where)
