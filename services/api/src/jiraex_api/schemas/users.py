"""Users as the API shows them, and what admins send to invite or change one."""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

Role = Literal["admin", "member"]
# The same loose rule as accounts.validate_email, declared so clients (and the OpenAPI document) know it.
Email = Annotated[str, msgspec.Meta(min_length=3, max_length=320, pattern=r"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$")]


class UserOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    email: str
    role: Role
    active: bool
    created_at: datetime
    last_login_at: datetime | None = None

    @classmethod
    def of(cls, user: Any) -> "UserOut":
        return cls(
            id=user.id, email=user.email, role=user.role, active=user.active, created_at=user.created_at,
            last_login_at=user.last_login_at,
        )


class InvitationCreate(msgspec.Struct, frozen=True, kw_only=True):
    email: Email
    role: Role = "member"


class InvitationOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    email: str
    role: Role
    expires_at: datetime


class UserPatch(msgspec.Struct, frozen=True, kw_only=True):
    role: Role | None = None
    active: bool | None = None
