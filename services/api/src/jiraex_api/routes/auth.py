"""`/api/auth`: log in and out, who am I, password resets, accepting an invitation."""

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from jiraex_api.auth.cookies import cleared_cookies, session_cookies
from jiraex_api.auth.csrf import csrf_token_for
from jiraex_api.auth.middleware import PUBLIC
from jiraex_api.deps import Db, Deps
from jiraex_api.openapi import AUTHENTICATED, problems
from jiraex_api.repositories import user_rows
from jiraex_api.routes.request_context import caller_address, secure_cookies
from jiraex_api.schemas import (
    Accepted,
    InvitationAccept,
    LoginRequest,
    LoginResponse,
    PasswordResetConfirm,
    PasswordResetRequest,
    UserOut,
)
from jiraex_api.services import invitations, password_resets, sessions
from jiraex_api.services.errors import NotAuthenticated
from jiraex_api.services.principal import Principal

AnyRequest = Request[Any, Any, Any]


class AuthController(Controller):
    path = "/api/auth"
    tags = ["auth"]  # noqa: RUF012 - Litestar reads this class attribute

    @post("/login", status_code=HTTP_200_OK, opt={PUBLIC: True}, responses=problems(401, 403, 429))
    async def login(self, request: AnyRequest, data: JSONBody[LoginRequest], deps: Deps, db: Db) -> Response[
        LoginResponse
    ]:
        """Exchange e-mail and password for a session: a cookie for browsers and a bearer token in the body."""
        result = await sessions.login(
            db, deps.accounts, email=data.email, password=data.password, address=caller_address(request, deps),
            user_agent=request.headers.get("user-agent"),
        )
        csrf = csrf_token_for(result.token)
        body = LoginResponse(
            token=result.token, expires_at=result.expires_at, csrf_token=csrf, user=UserOut.of(result.user)
        )
        cookies = session_cookies(result.token, csrf, secure=secure_cookies(request, deps))
        return Response(body, cookies=cookies, headers={"Cache-Control": "no-store"})

    @post("/logout", status_code=HTTP_204_NO_CONTENT, security=AUTHENTICATED, responses=problems(401, 403))
    async def logout(self, request: Request[Principal, str, Any], deps: Deps, db: Db) -> Response[None]:
        """Revoke the session or token used for this request and clear the cookies."""
        await sessions.logout(db, deps.accounts, request.user)
        return Response(None, status_code=HTTP_204_NO_CONTENT,
                        cookies=cleared_cookies(secure=secure_cookies(request, deps)))

    @get("/me", security=AUTHENTICATED, responses=problems(401))
    async def me(self, request: Request[Principal, str, Any], db: Db) -> UserOut:
        user = await user_rows.by_id(db, request.user.user_id)
        if user is None:
            raise NotAuthenticated("the signed-in user no longer exists")
        return UserOut.of(user)

    @post("/password-reset", status_code=HTTP_202_ACCEPTED, opt={PUBLIC: True},
          responses=problems(403))
    async def request_password_reset(self, data: JSONBody[PasswordResetRequest], deps: Deps) -> Response[Accepted]:
        """E-mail a single-use reset link if the address has an account; the answer is the same either way.

        The work runs after the response is sent, so a known address does not answer more slowly than an unknown
        one (no account enumeration by timing).
        """
        task = BackgroundTask(password_resets.request_reset_in_background, deps.sessions, deps.accounts, data.email)
        return Response(Accepted(), status_code=HTTP_202_ACCEPTED, background=task)

    @post("/password-reset/confirm", status_code=HTTP_204_NO_CONTENT, opt={PUBLIC: True},
          responses=problems(403, 422))
    async def confirm_password_reset(self, data: JSONBody[PasswordResetConfirm], deps: Deps, db: Db) -> None:
        """Set a new password with a reset token; every session of the account ends."""
        await password_resets.confirm_reset(db, deps.accounts, token=data.token, password=data.password)

    @post("/invitations/accept", status_code=HTTP_201_CREATED, opt={PUBLIC: True},
          responses=problems(403, 409, 422))
    async def accept_invitation(self, data: JSONBody[InvitationAccept], deps: Deps, db: Db) -> UserOut:
        """Create the invited account with a password of the invitee's choosing."""
        user = await invitations.accept_invitation(db, deps.accounts, token=data.token, password=data.password)
        return UserOut.of(user)
