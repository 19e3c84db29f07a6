"""RFC 9457 problem details: the body of every error response."""

from typing import Annotated

import msgspec

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldProblem(msgspec.Struct, frozen=True, kw_only=True):
    """One invalid part of a request: where (``key``, e.g. ``$.email`` or a query parameter) and why."""

    message: str
    key: str | None = None
    source: str | None = None


class Problem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    type: str = "about:blank"
    title: str
    status: Annotated[int, msgspec.Meta(ge=400, le=599)]
    detail: str | None = None
    instance: str | None = None
    # Correlates the response with the server's log lines for the request.
    request_id: str | None = None
    errors: list[FieldProblem] | None = None
    # Readiness only: what each dependency answered.
    checks: dict[str, str] | None = None
