"""Password hashing and credential encryption."""

from jiraex_shared.security.credential_cipher import CredentialCipher, CredentialError, SealedCredential, key_id_for
from jiraex_shared.security.passwords import PasswordHasher, PasswordPolicyError, check_password_policy

__all__ = [
    "CredentialCipher",
    "CredentialError",
    "PasswordHasher",
    "PasswordPolicyError",
    "SealedCredential",
    "check_password_policy",
    "key_id_for",
]
