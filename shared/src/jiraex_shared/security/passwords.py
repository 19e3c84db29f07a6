"""argon2id password hashing with rehash-on-login, and the password policy (OWASP ASVS 2.1)."""

import argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12  # ASVS 2.1.1
MAX_LENGTH = 256  # ASVS 2.1.2 asks to allow at least 64; the cap bounds hashing cost per request


class PasswordPolicyError(ValueError):
    """The password is unacceptable; the message says why, in words a person can act on."""


def check_password_policy(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordPolicyError(f"the password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise PasswordPolicyError(f"the password must have at most {MAX_LENGTH} characters")


class PasswordHasher:
    """argon2id with the library's RFC 9106 low-memory profile unless other parameters are given."""

    def __init__(self, hasher: argon2.PasswordHasher | None = None) -> None:
        self._hasher = hasher or argon2.PasswordHasher.from_parameters(argon2.profiles.RFC_9106_LOW_MEMORY)

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the stored hash used other parameters than the current ones (rehash on next login)."""
        return self._hasher.check_needs_rehash(password_hash)
