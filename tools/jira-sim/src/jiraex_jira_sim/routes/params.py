"""Reading query parameters and JSON bodies, refusing bad ones the way Jira does."""

from __future__ import annotations

from typing import TypeVar

import msgspec

from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import JiraHttpError, Response, error_collection, jira_error, problem

T = TypeVar("T")

# Jackson's three refusals of a body it cannot bind, as Jira Cloud answers them (errorMessages only).
BODY_EMPTY = "No content to map to Object due to end of input"
BODY_UNPARSEABLE = "There was an error parsing JSON. Check that your request body is valid."
BODY_INVALID = "Invalid request payload. Refer to the REST API documentation and try again."


def int_param(request: Request, name: str, default: int) -> int:
    raw = request.arg(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise JiraHttpError(
            problem(400, "Bad Request", f"Failed to convert '{name}' with value: '{raw}'", request.path)
        ) from None


def csv_values(values: list[str] | str | None) -> list[str]:
    """Repeated and comma-separated values flattened: ``["a,b", "c"]`` → ``["a", "b", "c"]``."""
    if values is None:
        return []
    items = [values] if isinstance(values, str) else values
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def expand_set(values: list[str] | str | None) -> frozenset[str]:
    return frozenset(csv_values(values))


def bool_param(request: Request, name: str, default: bool) -> bool:
    raw = request.arg(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() == "true"


def json_body(request: Request, body_type: type[T]) -> T:
    """The request body decoded into ``body_type``; Jira's 415/400 answers otherwise."""
    content_type = request.headers.get("content-type", "")
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type != "application/json":
        shown = media_type or "null"
        raise JiraHttpError(
            problem(415, "Unsupported Media Type", f"Content-Type '{shown}' is not supported.", request.path)
        )
    if not request.body.strip():
        raise JiraHttpError(_body_refusal(BODY_EMPTY))
    try:
        raw = msgspec.json.decode(request.body)
    except msgspec.DecodeError:
        raise JiraHttpError(_body_refusal(BODY_UNPARSEABLE)) from None
    if not isinstance(raw, dict):
        raise JiraHttpError(_body_refusal(BODY_INVALID))
    try:
        return msgspec.convert(raw, body_type)
    except msgspec.ValidationError:
        raise JiraHttpError(_body_refusal(BODY_INVALID)) from None


def _body_refusal(message: str) -> Response:
    response = error_collection(400, [message])
    response.body = msgspec.json.encode({"errorMessages": [message]})
    return response


def issue_not_found() -> JiraHttpError:
    return jira_error(404, "Issue does not exist or you do not have permission to see it.")
