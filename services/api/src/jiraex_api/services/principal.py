"""Who is calling: the user behind a valid session token."""

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Principal:
    user_id: uuid.UUID
    email: str
    role: str
    # The session token's row, so logout revokes exactly the credential that was presented.
    token_id: uuid.UUID

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"
