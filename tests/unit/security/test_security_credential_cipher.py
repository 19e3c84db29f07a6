"""CredentialCipher: AES-256-GCM bound to a row id, with key ids for rotation."""

import base64
import hashlib
import os

import pytest

from jiraex_shared.security.credential_cipher import (
    NONCE_BYTES,
    CredentialCipher,
    CredentialError,
    key_id_for,
)
from jiraex_shared.settings import Settings

OLD_KEY = bytes(range(32))
NEW_KEY = bytes(range(32, 64))
ROW = "7b0c6a52-4f1e-4d5c-9c3f-0a1b2c3d4e5f"


def test_a_credential_round_trips_with_a_fresh_nonce_each_time() -> None:
    cipher = CredentialCipher.from_keys(NEW_KEY)
    first = cipher.encrypt("token-ü-🔑", row_id=ROW)
    second = cipher.encrypt("token-ü-🔑", row_id=ROW)

    assert cipher.decrypt(*first, row_id=ROW) == "token-ü-🔑"
    assert len(first.nonce) == NONCE_BYTES
    assert first.nonce != second.nonce
    assert first.ciphertext != second.ciphertext
    assert first.key_id == key_id_for(NEW_KEY)
    assert b"token" not in first.ciphertext


def test_the_key_id_is_the_start_of_the_keys_sha256() -> None:
    assert key_id_for(NEW_KEY) == hashlib.sha256(NEW_KEY).hexdigest()[:8]
    assert key_id_for(OLD_KEY) != key_id_for(NEW_KEY)


@pytest.mark.parametrize("part", ["ciphertext", "nonce"])
def test_any_tampering_is_detected(part: str) -> None:
    cipher = CredentialCipher.from_keys(NEW_KEY)
    sealed = cipher.encrypt("secret", row_id=ROW)
    original = getattr(sealed, part)
    flipped = bytes([original[0] ^ 0x01]) + original[1:]

    with pytest.raises(CredentialError, match="altered or belongs to another row"):
        cipher.decrypt(*sealed._replace(**{part: flipped}), row_id=ROW)


def test_a_ciphertext_moved_to_another_row_does_not_open() -> None:
    cipher = CredentialCipher.from_keys(NEW_KEY)
    sealed = cipher.encrypt("secret", row_id=ROW)

    with pytest.raises(CredentialError):
        cipher.decrypt(*sealed, row_id="another-row")
    with pytest.raises(CredentialError, match="row id"):
        cipher.encrypt("secret", row_id="")


def test_an_unknown_key_id_is_a_clear_error() -> None:
    sealed = CredentialCipher.from_keys(OLD_KEY).encrypt("secret", row_id=ROW)
    cipher = CredentialCipher.from_keys(NEW_KEY)

    with pytest.raises(CredentialError, match=f"key '{key_id_for(OLD_KEY)}', which is not configured"):
        cipher.decrypt(*sealed, row_id=ROW)


def test_rotation_reseals_under_the_current_key_and_older_keys_still_open() -> None:
    sealed = CredentialCipher.from_keys(OLD_KEY).encrypt("secret", row_id=ROW)
    cipher = CredentialCipher.from_keys(NEW_KEY, retired=[OLD_KEY])

    assert cipher.decrypt(*sealed, row_id=ROW) == "secret"
    assert cipher.needs_rotation(sealed.key_id)
    rotated = cipher.rotate(*sealed, row_id=ROW)

    assert rotated.key_id == key_id_for(NEW_KEY)
    assert not cipher.needs_rotation(rotated.key_id)
    assert rotated.nonce != sealed.nonce
    assert CredentialCipher.from_keys(NEW_KEY).decrypt(*rotated, row_id=ROW) == "secret"
    with pytest.raises(CredentialError):
        cipher.rotate(*sealed, row_id="another-row")


def test_explicit_key_ids_are_checked() -> None:
    with pytest.raises(CredentialError, match="current key id"):
        CredentialCipher({"a": NEW_KEY}, "b")
    with pytest.raises(CredentialError, match="AES-256 needs 32"):
        CredentialCipher({"a": NEW_KEY[:16]}, "a")
    cipher = CredentialCipher({"k2": NEW_KEY, "k1": OLD_KEY}, "k2")
    assert cipher.encrypt("x", row_id=ROW).key_id == "k2"


def test_from_settings_uses_the_base64_secret_key_and_retired_keys() -> None:
    encoded = base64.b64encode(NEW_KEY).decode()
    old_sealed = CredentialCipher.from_keys(OLD_KEY).encrypt("secret", row_id=ROW)

    cipher = CredentialCipher.from_settings(
        Settings(secret_key=encoded), retired_keys=[base64.b64encode(OLD_KEY).decode()]
    )

    assert cipher.current_key_id == key_id_for(NEW_KEY)
    assert cipher.decrypt(*old_sealed, row_id=ROW) == "secret"


@pytest.mark.parametrize(
    ("secret_key", "message"),
    [
        ("", "JIRA_EXTRACTOR_SECRET_KEY is not set"),
        ("not base64!", "not valid base64"),
        (base64.b64encode(os.urandom(16)).decode(), "32 bytes, got 16"),
    ],
)
def test_from_settings_explains_a_missing_or_malformed_key(secret_key: str, message: str) -> None:
    with pytest.raises(CredentialError, match=message):
        CredentialCipher.from_settings(Settings(secret_key=secret_key))
