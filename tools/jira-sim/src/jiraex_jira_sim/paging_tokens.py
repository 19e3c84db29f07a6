"""Opaque, tamper-evident page tokens: base64url of a small JSON (scope hash, offset) plus an HMAC."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

import msgspec

_MAC_BYTES = 10


class _TokenBody(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    s: str  # hash of what the token pages through (query kind + JQL, or a changelog request)
    o: int  # offset of the next page


class InvalidPageToken(Exception):
    """The token was not issued by this simulator for this query, or was altered."""


class PageTokenCodec:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    @staticmethod
    def scope(*parts: str) -> str:
        digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
        return base64.urlsafe_b64encode(digest[:9]).decode()

    def encode(self, scope: str, offset: int) -> str:
        payload = msgspec.json.encode(_TokenBody(s=scope, o=offset))
        mac = hmac.new(self._secret, payload, hashlib.sha256).digest()[:_MAC_BYTES]
        return base64.urlsafe_b64encode(payload + mac).decode().rstrip("=")

    def decode(self, token: str, scope: str) -> int:
        """The offset carried by ``token``; InvalidPageToken if forged, altered or for another query."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError) as exc:
            raise InvalidPageToken(token) from exc
        if len(raw) <= _MAC_BYTES:
            raise InvalidPageToken(token)
        payload, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
        expected = hmac.new(self._secret, payload, hashlib.sha256).digest()[:_MAC_BYTES]
        if not hmac.compare_digest(mac, expected):
            raise InvalidPageToken(token)
        try:
            body = msgspec.json.decode(payload, type=_TokenBody)
        except msgspec.DecodeError as exc:
            raise InvalidPageToken(token) from exc
        if body.s != scope or body.o < 0:
            raise InvalidPageToken(token)
        return body.o
