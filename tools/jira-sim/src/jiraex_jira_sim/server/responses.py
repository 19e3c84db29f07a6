"""Responses, the errors handlers raise, and Jira's error body shapes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

JSON_TYPE = "application/json;charset=UTF-8"
HTML_TYPE = "text/html;charset=UTF-8"
PROBLEM_TYPE = "application/problem+json;charset=UTF-8"

_encoder = msgspec.json.Encoder()


@dataclass(slots=True)
class Response:
    """What a handler answers.

    ``action`` asks the transport for a TCP-level fault instead of (or while) answering:
    ``"reset"`` (RST, nothing sent), ``"blackhole"`` (say nothing for ``hold`` seconds, then close)
    or ``"truncate"`` (promise the full Content-Length, send half, close).
    """

    status: int
    body: bytes = b""
    content_type: str | None = JSON_TYPE
    headers: list[tuple[str, str]] = field(default_factory=list)
    stream: AsyncIterator[bytes] | None = None
    length: int | None = None
    action: str | None = None
    hold: float = 0.0

    @property
    def content_length(self) -> int:
        return self.length if self.stream is not None and self.length is not None else len(self.body)


class StreamDropped(Exception):
    """Raised by a body stream to make the transport close the connection mid-body."""


class JiraHttpError(Exception):
    """A handler's refusal, carrying the exact response Jira would send."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


def json_response(payload: Any, status: int = 200, headers: list[tuple[str, str]] | None = None) -> Response:
    body = payload if isinstance(payload, bytes) else _encoder.encode(payload)
    return Response(status=status, body=body, headers=headers or [])


def error_collection(status: int, messages: Sequence[str], errors: dict[str, str] | None = None) -> Response:
    """Jira's ErrorCollection: ``{"errorMessages": [...], "errors": {...}}``."""
    return json_response({"errorMessages": list(messages), "errors": errors or {}}, status)


def jira_error(status: int, *messages: str, errors: dict[str, str] | None = None) -> JiraHttpError:
    return JiraHttpError(error_collection(status, messages, errors))


def problem(status: int, title: str, detail: str, instance: str) -> Response:
    """The RFC 7807 body Jira Cloud's Spring layer answers for transport-level refusals."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": instance}
    response = json_response(body, status)
    response.content_type = PROBLEM_TYPE
    return response


def html_response(status: int, body: str, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(status=status, body=body.encode(), content_type=HTML_TYPE, headers=headers or [])


def empty_response(status: int, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(status=status, body=b"", content_type=None, headers=headers or [])
