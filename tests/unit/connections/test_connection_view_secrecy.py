"""The view of a connection has no place for a credential, and encoding one leaks none of the row's secrets."""

import os
import uuid
from datetime import UTC, datetime

import msgspec

from jiraex_shared.connections import ConnectionView
from jiraex_shared.connections.connection_views import view_of
from jiraex_shared.db.connections import Connection
from jiraex_shared.security.credential_cipher import CredentialCipher

TOKEN = "ATATT3xFfGF0-plaintext-token"


def test_the_view_has_no_credential_fields() -> None:
    assert set(ConnectionView.__struct_fields__) == {
        "id", "owner_id", "name", "base_url", "deployment", "auth_kind", "username", "rate_cap_rps",
        "created_at", "updated_at",
    }


def test_an_encoded_view_contains_neither_token_ciphertext_nonce_nor_key_id() -> None:
    cipher = CredentialCipher.from_keys(os.urandom(32))
    connection_id = uuid.uuid4()
    sealed = cipher.encrypt(TOKEN, row_id=str(connection_id))
    now = datetime.now(UTC)
    row = Connection(
        id=connection_id, owner_id=uuid.uuid4(), name="Prod", base_url="https://acme.atlassian.net",
        deployment="cloud", auth_kind="basic", username="robot@example.com",
        credential_ciphertext=sealed.ciphertext, credential_nonce=sealed.nonce, credential_key_id=sealed.key_id,
        rate_cap_rps=None, created_at=now, updated_at=now,
    )
    encoded = msgspec.json.encode(view_of(row))
    decoded = msgspec.json.decode(encoded)
    assert decoded["name"] == "Prod" and decoded["username"] == "robot@example.com"
    assert TOKEN.encode() not in encoded
    assert sealed.key_id.encode() not in encoded
    assert msgspec.json.encode(sealed.ciphertext)[1:-1] not in encoded
    assert msgspec.json.encode(sealed.nonce)[1:-1] not in encoded
    assert TOKEN not in repr(view_of(row))
