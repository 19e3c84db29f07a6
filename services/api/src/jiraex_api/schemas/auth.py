"""Request and response bodies of `/api/auth/*` (ARCHITECTURE §10: login answers `{"token", "user"}`)."""

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from jiraex_api.schemas.users import Email, UserOut

# The cap bounds argon2 work per request; the policy allows at most as much (security.passwords.MAX_LENGTH).
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
# A password being chosen: the policy's length bounds (security.passwords.MIN_LENGTH/MAX_LENGTH).
NewPassword = Annotated[str, msgspec.Meta(min_length=12, max_length=256)]
OneTimeToken = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]


class LoginRequest(msgspec.Struct, frozen=True, kw_only=True):
    email: Email
    password: Password


class LoginResponse(msgspec.Struct, frozen=True, kw_only=True):
    """``token`` goes in ``Authorization: Bearer``; browsers use the cookie and echo ``csrf_token`` in X-CSRF-Token."""

    token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the scheme name, not a secret
    expires_at: datetime
    csrf_token: str
    user: UserOut


class PasswordResetRequest(msgspec.Struct, frozen=True, kw_only=True):
    email: Email


class PasswordResetConfirm(msgspec.Struct, frozen=True, kw_only=True):
    token: OneTimeToken
    password: NewPassword


class InvitationAccept(msgspec.Struct, frozen=True, kw_only=True):
    token: OneTimeToken
    password: NewPassword


class Accepted(msgspec.Struct, frozen=True, kw_only=True):
    """The same answer whether or not the address has an account."""

    status: Literal["accepted"] = "accepted"
    detail: str = "if the address belongs to an account, a reset link is on its way"
