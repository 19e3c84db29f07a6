"""Every error becomes an RFC 9457 problem+json response; an unexpected one is logged and never shown."""

import traceback
from http import HTTPStatus
from typing import Any

import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from jiraex_api.schemas.problem import PROBLEM_MEDIA_TYPE, FieldProblem, Problem
from jiraex_api.services.errors import InvalidField, ServiceError, TooManyAttempts
from jiraex_shared.log import get_logger

log = get_logger(__name__)


def problem_response(
    request: Request[Any, Any, Any], status: int, detail: str | None, *, title: str | None = None,
    errors: list[FieldProblem] | None = None, headers: dict[str, str] | None = None,
) -> Response[Problem]:
    if status == 401:
        # RFC 9110 §15.5.2: a 401 names the scheme that would work.
        headers = {**(headers or {}), "WWW-Authenticate": 'Bearer realm="jiraex"'}
    body = Problem(
        title=title or HTTPStatus(status).phrase, status=status, detail=detail, instance=request.url.path,
        request_id=structlog.contextvars.get_contextvars().get("request_id"), errors=errors,
    )
    return Response(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def on_service_error(request: Request[Any, Any, Any], error: ServiceError) -> Response[Problem]:
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, TooManyAttempts) else None
    errors = (
        [FieldProblem(message=error.reason, key=f"$.{error.field}", source="body")]
        if isinstance(error, InvalidField) else None
    )
    return problem_response(request, error.status, error.detail, title=error.title, errors=errors, headers=headers)


def on_http_exception(request: Request[Any, Any, Any], error: HTTPException) -> Response[Problem]:
    if error.status_code >= 500:
        return on_unexpected(request, error)
    errors = None
    detail = error.detail
    if isinstance(error, ValidationException):
        errors = [_field_problem(item) for item in error.extra or [] if isinstance(item, dict)]
        detail = "the request is not valid; see errors"
    headers = {key: value for key, value in (error.headers or {}).items() if key.lower() in {"allow", "retry-after"}}
    return problem_response(request, error.status_code, detail, errors=errors, headers=headers or None)


def on_unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[Problem]:
    # The traceback goes to the log, tied to the response by request_id; the client learns nothing of it.
    # Formatted here rather than with exc_info: a rich console traceback would print local variables, which
    # hold passwords and tokens.
    log.error("request_failed", path=request.url.path, method=request.method,
              traceback="".join(traceback.format_exception(error)))
    return problem_response(request, 500, "an unexpected error occurred; the server log has the details")


def _field_problem(item: dict[str, Any]) -> FieldProblem:
    source = item.get("source")
    return FieldProblem(
        message=str(item.get("message", "invalid")), key=item.get("key"),
        source=str(getattr(source, "value", source)) if source is not None else None,
    )


EXCEPTION_HANDLERS: dict[Any, Any] = {
    ServiceError: on_service_error,
    HTTPException: on_http_exception,
    Exception: on_unexpected,
}
