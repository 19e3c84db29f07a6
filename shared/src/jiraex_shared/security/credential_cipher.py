"""Jira credentials at rest: AES-256-GCM bound to the row that stores them, with key ids for rotation."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

if TYPE_CHECKING:
    from jiraex_shared.settings import Settings

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # the GCM nonce size NIST SP 800-38D recommends
# Versioned domain separation: these bytes can never be mistaken for associated data of another use.
_AAD_PREFIX = b"jiraex.credential.v1:"


class CredentialError(Exception):
    """A credential cannot be sealed or opened; the message never contains key or plaintext material."""


class SealedCredential(NamedTuple):
    """What the ``connections`` row stores: ``credential_ciphertext``, ``credential_nonce``, ``credential_key_id``."""

    ciphertext: bytes
    nonce: bytes
    key_id: str


def key_id_for(key: bytes) -> str:
    """A short public name for ``key``: the first 8 hex digits of its SHA-256."""
    return hashlib.sha256(key).hexdigest()[:8]


def decode_key(encoded: str) -> bytes:
    """The 32 key bytes of a base64 string such as ``openssl rand -base64 32`` prints."""
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        raise CredentialError("the secret key is not valid base64") from error
    if len(key) != KEY_BYTES:
        raise CredentialError(f"the secret key must decode to {KEY_BYTES} bytes, got {len(key)}")
    return key


class CredentialCipher:
    """Seals credentials with ``keys[current_key_id]`` and opens them with whichever key sealed them.

    Each seal uses a fresh 96-bit random nonce. The associated data names the row (``row_id``, e.g.
    ``str(connection.id)``), so a ciphertext copied into another row does not open. The key id stored with
    the ciphertext selects the key; retired keys stay in ``keys`` until ``rotate`` has re-sealed every row
    (research/reliability-security-performance.md §B2).
    """

    def __init__(self, keys: Mapping[str, bytes], current_key_id: str) -> None:
        if current_key_id not in keys:
            raise CredentialError(f"the current key id {current_key_id!r} is not among the keys given")
        for key_id, key in keys.items():
            if len(key) != KEY_BYTES:
                raise CredentialError(f"key {key_id!r} has {len(key)} bytes; AES-256 needs {KEY_BYTES}")
        self._aeads = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self.current_key_id = current_key_id

    @classmethod
    def from_keys(cls, current: bytes, retired: Iterable[bytes] = ()) -> CredentialCipher:
        """A cipher sealing with ``current`` and still opening what ``retired`` keys sealed; ids are derived."""
        keys = {key_id_for(key): key for key in retired}
        keys[key_id_for(current)] = current
        return cls(keys, key_id_for(current))

    @classmethod
    def from_settings(cls, settings: Settings, *, retired_keys: Iterable[str] | None = None) -> CredentialCipher:
        """The cipher for ``JIRA_EXTRACTOR_SECRET_KEY`` (base64 of 32 bytes); ``retired_keys`` are base64 too and
        default to ``JIRA_EXTRACTOR_OLD_SECRET_KEYS``, so every process still reads rows during a rotation."""
        if retired_keys is None:
            retired_keys = settings.old_secret_keys
        if not settings.secret_key:
            raise CredentialError(
                "JIRA_EXTRACTOR_SECRET_KEY is not set; generate one with: openssl rand -base64 32"
            )
        return cls.from_keys(decode_key(settings.secret_key), [decode_key(key) for key in retired_keys])

    def encrypt(self, plaintext: str, *, row_id: str) -> SealedCredential:
        nonce = os.urandom(NONCE_BYTES)
        ciphertext = self._aeads[self.current_key_id].encrypt(nonce, plaintext.encode(), _aad(row_id))
        return SealedCredential(ciphertext, nonce, self.current_key_id)

    def decrypt(self, ciphertext: bytes, nonce: bytes, key_id: str, *, row_id: str) -> str:
        aead = self._aeads.get(key_id)
        if aead is None:
            raise CredentialError(
                f"the credential was sealed with key {key_id!r}, which is not configured; "
                "add that key back (as a retired key) to read it"
            )
        if len(nonce) != NONCE_BYTES:
            raise CredentialError(f"the stored nonce has {len(nonce)} bytes, expected {NONCE_BYTES}")
        try:
            plaintext = aead.decrypt(nonce, ciphertext, _aad(row_id))
        except InvalidTag as error:
            raise CredentialError(
                "the credential does not authenticate: it was altered or belongs to another row"
            ) from error
        return plaintext.decode()

    def needs_rotation(self, key_id: str) -> bool:
        """True when a row sealed with ``key_id`` should be re-sealed with the current key."""
        return key_id != self.current_key_id

    def rotate(self, ciphertext: bytes, nonce: bytes, key_id: str, *, row_id: str) -> SealedCredential:
        """Re-seal a stored credential under the current key (with a new nonce), after checking it opens."""
        return self.encrypt(self.decrypt(ciphertext, nonce, key_id, row_id=row_id), row_id=row_id)


def _aad(row_id: str) -> bytes:
    if not row_id:
        raise CredentialError("a credential must be bound to a row id")
    return _AAD_PREFIX + row_id.encode()
