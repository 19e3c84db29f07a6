"""Pre-signed download URLs for the media listener (what Cloud's 303 points at)."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from urllib.parse import quote


class MediaSigner:
    def __init__(self, secret: bytes, media_url: str, ttl_s: int = 900, clock: Callable[[], float] = time.time):
        self._secret = secret
        self._media_url = media_url.rstrip("/")
        self._ttl = ttl_s
        self._clock = clock

    def _signature(self, attachment_id: int, expires: int) -> str:
        message = f"{attachment_id}:{expires}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:32]

    def url(self, attachment_id: int, filename: str) -> str:
        expires = int(self._clock()) + self._ttl
        token = self._signature(attachment_id, expires)
        return (
            f"{self._media_url}/file/{attachment_id}/binary?client=jiraex-jira-sim&dl=true"
            f"&name={quote(filename, safe='')}&expires={expires}&token={token}"
        )

    def verify(self, attachment_id: int, expires: str | None, token: str | None) -> str | None:
        """None when the signature holds, else the reason it does not."""
        if not expires or not token or not expires.isdigit():
            return "missing signature"
        if int(expires) < self._clock():
            return "expired"
        if not hmac.compare_digest(token, self._signature(attachment_id, int(expires))):
            return "bad signature"
        return None
