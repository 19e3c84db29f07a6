"""Credential checks with the refusals the real products send (Cloud Basic email:token, Server PAT or Basic)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import quote

from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response, error_collection, html_response, json_response

ANONYMOUS = "anonymous"

_SERVER_401_PAGE = (
    "<!DOCTYPE html><html><head><title>Unauthorized (401)</title></head>"
    '<body id="jira" class="page-type-message"><h1>Unauthorized (401)</h1>'
    "<p>Encountered a <code>&quot;401 - Unauthorized&quot;</code> error while loading this page.</p>"
    '<p><a href="/secure/MyJiraHome.jspa">Go to Jira home</a></p></body></html>'
)


@dataclass(frozen=True, slots=True)
class Credentials:
    """What the simulator accepts. ``token`` is the Cloud API token or the Server PAT."""

    email: str
    token: str
    user: str | None = None
    password: str | None = None


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: ``credential`` keys rate limits and Retry-After bookkeeping."""

    credential: str
    user: str
    anonymous: bool = False


class Authenticator:
    def __init__(self, *, cloud: bool, credentials: Credentials, base_url: str) -> None:
        self._cloud = cloud
        self._credentials = credentials
        self._realm = quote(base_url, safe="")
        self.server_user = credentials.user or credentials.email.partition("@")[0] or "admin"
        self._pat_key = "pat:" + hashlib.sha256(credentials.token.encode()).hexdigest()[:12]

    def authenticate(self, request: Request) -> Principal | Response:
        """A Principal (possibly anonymous), or the refusal for credentials that were sent but wrong."""
        header = request.headers.get("authorization", "").strip()
        if not header:
            return Principal(credential=ANONYMOUS, user=ANONYMOUS, anonymous=True)
        scheme, _, value = header.partition(" ")
        scheme = scheme.lower()
        if scheme == "basic":
            return self._basic(value.strip())
        if scheme == "bearer":
            return self._bearer(value.strip())
        return self._failed()

    def unauthenticated(self) -> Response:
        """The answer to an anonymous caller on an operation that needs a user."""
        if self._cloud:
            return self._cloud_401(login_reason=None)
        response = error_collection(
            401, ["You are not authenticated. Authentication required to perform this operation."]
        )
        response.headers.append(("WWW-Authenticate", f'OAuth realm="{self._realm}"'))
        return response

    def _basic(self, value: str) -> Principal | Response:
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return self._failed()
        name, sep, secret = decoded.partition(":")
        if not sep:
            return self._failed()
        creds = self._credentials
        if self._cloud:
            if _same(name.lower(), creds.email.lower()) and _same(secret, creds.token):
                return Principal(credential=creds.email.lower(), user=creds.email)
            return self._failed()
        if creds.user and creds.password and _same(name, creds.user) and _same(secret, creds.password):
            return Principal(credential=creds.user, user=creds.user)
        return self._failed()

    def _bearer(self, token: str) -> Principal | Response:
        if self._cloud:
            # The Cloud gateway reads any Bearer as a Connect session JWT and refuses an API token.
            response = json_response({"error": "Failed to parse Connect Session Auth Token"}, 403)
            response.content_type = "application/json"
            return response
        if _same(token, self._credentials.token):
            return Principal(credential=self._pat_key, user=self.server_user)
        return self._failed()

    def _failed(self) -> Response:
        if self._cloud:
            return self._cloud_401(login_reason="AUTHENTICATED_FAILED")
        return html_response(
            401,
            _SERVER_401_PAGE,
            [
                ("WWW-Authenticate", f'OAuth realm="{self._realm}"'),
                ("X-Seraph-LoginReason", "AUTHENTICATED_FAILED"),
            ],
        )

    def _cloud_401(self, login_reason: str | None) -> Response:
        response = json_response(
            {"message": "Client must be authenticated to access this resource.", "status-code": 401}, 401
        )
        response.headers.append(("WWW-Authenticate", f'OAuth realm="{self._realm}"'))
        if login_reason:
            response.headers.append(("X-Seraph-LoginReason", login_reason))
        return response


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
