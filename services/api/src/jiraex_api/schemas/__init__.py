"""HTTP DTOs: the msgspec Structs the API reads and writes (never ORM rows, never broker messages).

Unknown request fields are ignored, not refused: Litestar's OpenAPI generator cannot declare
`additionalProperties: false`, and a schema that allowed what the server refused would mislead clients.
"""

from jiraex_api.schemas.auth import (
    Accepted,
    InvitationAccept,
    LoginRequest,
    LoginResponse,
    PasswordResetConfirm,
    PasswordResetRequest,
)
from jiraex_api.schemas.health import Liveness, Readiness
from jiraex_api.schemas.problem import PROBLEM_MEDIA_TYPE, FieldProblem, Problem
from jiraex_api.schemas.users import InvitationCreate, InvitationOut, UserOut, UserPatch

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "Accepted",
    "FieldProblem",
    "InvitationAccept",
    "InvitationCreate",
    "InvitationOut",
    "Liveness",
    "LoginRequest",
    "LoginResponse",
    "PasswordResetConfirm",
    "PasswordResetRequest",
    "Problem",
    "Readiness",
    "UserOut",
    "UserPatch",
]
