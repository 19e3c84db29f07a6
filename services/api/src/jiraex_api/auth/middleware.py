"""Authentication for every route not marked public: a bearer token, else the session cookie."""

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from jiraex_api.auth.cookies import secure_context, session_cookie
from jiraex_api.services import sessions

# Route handlers with `opt={PUBLIC: True}` skip authentication (login, health, password reset …).
PUBLIC = "public"


def presented_token(connection: ASGIConnection) -> tuple[str, str] | None:
    """(token, "bearer" | "cookie"); an Authorization header wins over a cookie."""
    header = connection.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip(), "bearer"
    cookie = session_cookie(connection.cookies, secure=secure_context(connection.scope, connection.app.state.deps))
    return (cookie, "cookie") if cookie else None


class SessionAuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        presented = presented_token(connection)
        if presented is None:
            raise NotAuthorizedException("sign in first: send a session cookie or Authorization: Bearer <token>")
        token, via = presented
        deps = connection.app.state.deps
        async with deps.sessions() as session:
            principal = await sessions.authenticate(session, deps.accounts, token)
        if principal is None:
            raise NotAuthorizedException("the session is invalid, expired or signed out; sign in again")
        return AuthenticationResult(user=principal, auth=via)
