"""The session and CSRF cookies: `__Host-` names, Secure, HttpOnly (session only), SameSite=Lax (ASVS 3.3)."""

from typing import Any

from litestar.datastructures import Cookie

from jiraex_api.client_address import is_https
from jiraex_api.services.context import SESSION_LIFETIME

# Browsers refuse `__Host-` cookies without Secure, so plain-HTTP deployments (a laptop) use plain names.
SECURE_SESSION_COOKIE = "__Host-jiraex_session"
PLAIN_SESSION_COOKIE = "jiraex_session"
SECURE_CSRF_COOKIE = "__Host-jiraex_csrf"
PLAIN_CSRF_COOKIE = "jiraex_csrf"
CSRF_HEADER = "x-csrf-token"


def session_cookies(token: str, csrf_token: str, *, secure: bool) -> list[Cookie]:
    max_age = int(SESSION_LIFETIME.total_seconds())
    return [
        Cookie(
            key=SECURE_SESSION_COOKIE if secure else PLAIN_SESSION_COOKIE, value=token, path="/", max_age=max_age,
            secure=secure, httponly=True, samesite="lax",
        ),
        # Readable by the SPA's script so it can echo it in X-CSRF-Token; useless without the session cookie.
        Cookie(
            key=SECURE_CSRF_COOKIE if secure else PLAIN_CSRF_COOKIE, value=csrf_token, path="/", max_age=max_age,
            secure=secure, httponly=False, samesite="lax",
        ),
    ]


def cleared_cookies(*, secure: bool) -> list[Cookie]:
    names = (SECURE_SESSION_COOKIE, SECURE_CSRF_COOKIE) if secure else (PLAIN_SESSION_COOKIE, PLAIN_CSRF_COOKIE)
    return [
        Cookie(key=name, value="", path="/", max_age=0, secure=secure, httponly=name.endswith("session"),
               samesite="lax")
        for name in names
    ]


def secure_context(scope: Any, deps: Any) -> bool:
    """HTTPS (directly or through a trusted proxy) or an HTTPS public URL: cookies are Secure and `__Host-`."""
    return is_https(scope, deps.trusted_proxies) or deps.settings.public_url.startswith("https://")


def session_cookie(cookies: Any, *, secure: bool) -> str | None:
    """The session cookie; over HTTPS only the `__Host-` one, which a network attacker cannot plant over HTTP."""
    if secure:
        return cookies.get(SECURE_SESSION_COOKIE) or None
    return cookies.get(PLAIN_SESSION_COOKIE) or None
