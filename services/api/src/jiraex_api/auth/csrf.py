"""CSRF defence for cookie-authenticated requests: a token bound to the session, plus an Origin check.

The CSRF token is derived from the session token (HMAC), so it needs no storage and dies with the session;
a page on another site can neither read the cookie nor compute the token. Bearer-authenticated requests
are exempt: a browser never attaches an Authorization header on its own.
"""

import hashlib
import hmac
from urllib.parse import urlsplit

from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from jiraex_api.auth.cookies import CSRF_HEADER, secure_context, session_cookie

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def csrf_token_for(session_token: str) -> str:
    return hmac.new(session_token.encode(), b"jiraex-csrf-v1", hashlib.sha256).hexdigest()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_origins(connection: ASGIConnection) -> set[str]:
    origins = {_origin(str(connection.base_url))}
    deps = getattr(connection.app.state, "deps", None)
    if deps is not None:
        origins.add(_origin(deps.settings.public_url))
    return origins


async def csrf_guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """App-wide guard: state-changing requests from a browser must come from our origin and carry the token."""
    if connection.scope.get("method", "GET") in SAFE_METHODS:
        return
    via = connection.scope.get("auth")
    if via == "bearer":
        return
    origin = connection.headers.get("origin")
    if origin and origin.lower() != "null" and _origin(origin) not in allowed_origins(connection):
        raise PermissionDeniedException("cross-origin request refused")
    if origin and origin.lower() == "null":
        raise PermissionDeniedException("cross-origin request refused")
    if via == "cookie":
        secure = secure_context(connection.scope, connection.app.state.deps)
        token = session_cookie(connection.cookies, secure=secure) or ""
        presented = connection.headers.get(CSRF_HEADER, "")
        if not presented or not hmac.compare_digest(presented, csrf_token_for(token)):
            raise PermissionDeniedException(f"missing or wrong {CSRF_HEADER} header")
