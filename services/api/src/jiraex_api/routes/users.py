"""`/api/users` (admins): list users, invite one by e-mail, change a role or status, delete."""

import uuid
from typing import Any

from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from jiraex_api.auth.guards import admin_only
from jiraex_api.deps import Db, Deps
from jiraex_api.openapi import AUTHENTICATED, problems
from jiraex_api.schemas import InvitationCreate, InvitationOut, UserOut, UserPatch
from jiraex_api.services import invitations, user_admin
from jiraex_api.services.principal import Principal

AdminRequest = Request[Principal, str, Any]


class UsersController(Controller):
    path = "/api/users"
    security = AUTHENTICATED
    tags = ["users"]  # noqa: RUF012 - Litestar reads these class attributes
    guards = [admin_only]  # noqa: RUF012

    @get("", responses=problems(401, 403))
    async def list_users(self, db: Db) -> list[UserOut]:
        return [UserOut.of(user) for user in await user_admin.list_users(db)]

    @post("", status_code=HTTP_201_CREATED, responses=problems(401, 403, 409, 422, 503))
    async def invite_user(
        self, request: AdminRequest, data: JSONBody[InvitationCreate], deps: Deps, db: Db
    ) -> InvitationOut:
        """Invite a person: they get an e-mail with a single-use link (72 h) to choose their password."""
        invitation = await invitations.invite(db, deps.accounts, request.user, email=data.email, role=data.role)
        return InvitationOut(
            id=invitation.id, email=invitation.email, role=invitation.role,  # type: ignore[arg-type]
            expires_at=invitation.expires_at,
        )

    @patch("/{user_id:uuid}", responses=problems(401, 403, 404, 409, 422))
    async def update_user(
        self, request: AdminRequest, user_id: FromPath[uuid.UUID], data: JSONBody[UserPatch], deps: Deps, db: Db
    ) -> UserOut:
        """Change the role or the active flag; disabling a user ends their sessions at once."""
        user = await user_admin.update_user(
            db, deps.accounts, request.user, user_id, role=data.role, active=data.active
        )
        return UserOut.of(user)

    @delete("/{user_id:uuid}", status_code=HTTP_204_NO_CONTENT, responses=problems(401, 403, 404, 409))
    async def delete_user(self, request: AdminRequest, user_id: FromPath[uuid.UUID], deps: Deps, db: Db) -> None:
        await user_admin.delete_user(db, deps.accounts, request.user, user_id)
