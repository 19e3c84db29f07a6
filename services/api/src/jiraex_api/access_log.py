"""One structured log line per request with its id, bound to every log line the request produces."""

import re
import time
import uuid
from typing import Any

import structlog
from litestar._asgi.utils import wrap_in_exception_handler
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from jiraex_api.client_address import Network, client_address
from jiraex_shared.log import get_logger

REQUEST_ID_HEADER = "x-request-id"
# An incoming id is kept (so a proxy's id follows the request) only if it is short and harmless in a log.
_ACCEPTABLE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

log = get_logger("jiraex_api.access")


def _incoming_id(scope: Scope) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == REQUEST_ID_HEADER.encode():
            text = value.decode("latin-1")
            return text if _ACCEPTABLE_ID.fullmatch(text) else None
    return None


class AccessLogMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(self, trusted_proxies: tuple[Network, ...] = ()) -> None:
        self.trusted_proxies = trusted_proxies

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        request_id = _incoming_id(scope) or uuid.uuid4().hex
        started = time.perf_counter()
        status: dict[str, Any] = {"code": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message["headers"] = [*message.get("headers", []), (REQUEST_ID_HEADER.encode(), request_id.encode())]
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                # Errors raised by the middleware below (authentication) become problem responses here, inside
                # the request's log context, so they carry the request id and are logged with their status.
                await wrap_in_exception_handler(next_app)(scope, receive, send_with_id)
            finally:
                # The path only: query strings can carry secrets and are not logged.
                log.info(
                    "request", method=scope.get("method"), path=scope.get("path"), status=status["code"],
                    duration_ms=round((time.perf_counter() - started) * 1000, 1),
                    client=client_address(scope, self.trusted_proxies),
                )
