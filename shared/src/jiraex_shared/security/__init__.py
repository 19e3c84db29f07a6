"""Password hashing and other security primitives."""

from jiraex_shared.security.passwords import PasswordHasher, PasswordPolicyError, check_password_policy

__all__ = ["PasswordHasher", "PasswordPolicyError", "check_password_policy"]
