"""Single-use secrets (session, invitation and reset tokens): random, shown once, stored only as a hash."""

import hashlib
import secrets

# 32 random bytes: 256 bits, well over ASVS 7.2.3's 128-bit minimum for reference tokens.
TOKEN_BYTES = 32
# A presented token longer than this is not one of ours; refusing it early bounds the work per request.
MAX_TOKEN_LENGTH = 128


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """Hex SHA-256: tokens carry 256 bits of entropy, so a fast hash is enough (ASVS 6.5.2 asks for one)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def plausible_token(token: str) -> bool:
    return 0 < len(token) <= MAX_TOKEN_LENGTH
