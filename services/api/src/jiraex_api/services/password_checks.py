"""argon2 work off the event loop: one hash costs ~100 ms of CPU, which would stall every other request."""

import asyncio

from jiraex_api.services.errors import InvalidInput
from jiraex_shared.security import PasswordHasher, PasswordPolicyError, check_password_policy


async def verify_password(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    return await asyncio.to_thread(hasher.verify, password_hash, password)


async def hash_password(hasher: PasswordHasher, password: str) -> str:
    return await asyncio.to_thread(hasher.hash, password)


def require_acceptable(password: str) -> None:
    try:
        check_password_policy(password)
    except PasswordPolicyError as error:
        raise InvalidInput(str(error)) from None
