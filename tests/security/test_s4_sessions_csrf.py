"""S4: cookie flags, a new session at every login, server-side logout, CSRF and Origin checks, no GET side effects."""

from datetime import timedelta
from pathlib import Path

from api_harness import ADMIN_EMAIL, ADMIN_PASSWORD, MEMBER_PASSWORD, ApiHarness, api_settings, bearer, running_api


def set_cookies(response) -> dict[str, str]:
    """Each Set-Cookie header by cookie name, as sent (attributes included)."""
    return {header.split("=", 1)[0]: header for header in response.headers.get_list("set-cookie")}


def attributes(header: str) -> set[str]:
    return {part.strip().split("=", 1)[0].lower() for part in header.split(";")[1:]}


async def test_cookies_over_https_are_host_prefixed_secure_httponly_and_lax(tmp_path: Path) -> None:
    settings = api_settings(str(tmp_path), public_url="https://exports.example.com")
    async with running_api(settings, base_url="https://exports.example.com") as api:
        response = await api.client.post("/api/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
        cookies = set_cookies(response)
        session, csrf = cookies["__Host-jiraex_session"], cookies["__Host-jiraex_csrf"]
        assert {"secure", "httponly", "samesite", "path"} <= attributes(session)
        assert "samesite=lax" in session.lower() and "path=/" in session.lower()
        assert "domain" not in attributes(session)  # __Host- forbids it
        assert "secure" in attributes(csrf) and "httponly" not in attributes(csrf)
        assert response.headers["cache-control"] == "no-store"
        # The browser sends the cookie back over HTTPS, and it authenticates.
        assert (await api.client.get("/api/auth/me")).status_code == 200
        # Over HTTPS only the __Host- cookie counts: a plain-named one (which a network attacker could plant
        # over HTTP) is ignored even when it holds a valid token.
        token = response.json()["token"]
        api.client.cookies.clear()
        api.client.cookies.set("jiraex_session", token)
        assert (await api.client.get("/api/auth/me")).status_code == 401


async def test_cookies_over_plain_http_are_httponly_and_lax_but_not_secure(api: ApiHarness) -> None:
    response = await api.client.post("/api/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    session = set_cookies(response)["jiraex_session"]
    assert "httponly" in attributes(session) and "samesite=lax" in session.lower()
    assert "secure" not in attributes(session)


async def test_every_login_issues_a_new_session(api: ApiHarness) -> None:
    api.client.cookies.set("jiraex_session", "attacker-chosen-session-id")
    first = await api.login()
    second = await api.login()
    assert first["token"] != second["token"]
    assert "attacker-chosen-session-id" not in (first["token"], second["token"])


async def test_after_logout_the_old_cookie_is_refused(api: ApiHarness) -> None:
    body = await api.login()
    cookie = api.client.cookies.get("jiraex_session")
    response = await api.client.post("/api/auth/logout", headers={"X-CSRF-Token": body["csrf_token"]})
    assert response.status_code == 204
    assert "max-age=0" in set_cookies(response)["jiraex_session"].lower()
    api.client.cookies.clear()
    api.client.cookies.set("jiraex_session", cookie)
    replayed = await api.client.get("/api/auth/me")
    assert replayed.status_code == 401


async def test_cookie_requests_that_change_state_need_the_csrf_token(api: ApiHarness) -> None:
    body = await api.login()
    prefs = {"theme": "dark"}
    assert (await api.client.put("/api/me/preferences", json=prefs)).status_code == 403
    wrong = await api.client.put("/api/me/preferences", json=prefs, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    assert wrong.headers["content-type"].startswith("application/problem+json")
    assert (await api.client.get("/api/me/preferences")).json() == {}  # nothing changed
    ok = await api.client.put("/api/me/preferences", json=prefs, headers={"X-CSRF-Token": body["csrf_token"]})
    assert ok.status_code == 200
    # The token is bound to the session: another session's token does not fit this cookie.
    other = (await api.login())["csrf_token"]
    api.client.cookies.set("jiraex_session", body["token"])
    assert (await api.client.put("/api/me/preferences", json=prefs, headers={"X-CSRF-Token": other})).status_code == 403


async def test_a_foreign_origin_is_refused_even_with_the_token(api: ApiHarness) -> None:
    body = await api.login()
    headers = {"X-CSRF-Token": body["csrf_token"], "Origin": "https://evil.example"}
    assert (await api.client.put("/api/me/preferences", json={}, headers=headers)).status_code == 403
    null_origin = {"X-CSRF-Token": body["csrf_token"], "Origin": "null"}
    assert (await api.client.put("/api/me/preferences", json={}, headers=null_origin)).status_code == 403
    same = {"X-CSRF-Token": body["csrf_token"], "Origin": "http://testserver.local"}
    assert (await api.client.put("/api/me/preferences", json={}, headers=same)).status_code == 200
    login = await api.client.post(
        "/api/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert login.status_code == 403


async def test_bearer_requests_need_no_csrf_token(api: ApiHarness) -> None:
    token = (await api.login())["token"]
    api.client.cookies.clear()
    assert (await api.client.put("/api/me/preferences", json={"a": 1}, headers=bearer(token))).status_code == 200


async def test_no_state_changes_through_get(api: ApiHarness) -> None:
    token = (await api.login())["token"]
    assert (await api.client.get("/api/auth/logout", headers=bearer(token))).status_code == 405
    schema = (await api.client.get("/api/schema/openapi.json")).json()
    gets = [path for path, item in schema["paths"].items() if "get" in item]
    assert not [path for path in gets if any(word in path for word in ("logout", "reset", "accept", "login"))]
    assert (await api.client.get("/api/auth/me", headers=bearer(token))).status_code == 200


async def test_disabling_a_user_ends_their_cookie_session(api: ApiHarness) -> None:
    admin = (await api.login())["token"]
    user_id = await api.add_user("cookie-user@example.com")
    api.client.cookies.clear()
    await api.login("cookie-user@example.com", MEMBER_PASSWORD)
    member_cookie = api.client.cookies.get("jiraex_session")
    assert (await api.client.get("/api/auth/me")).status_code == 200
    api.client.cookies.clear()
    disabled = await api.client.patch(f"/api/users/{user_id}", json={"active": False}, headers=bearer(admin))
    assert disabled.status_code == 200
    api.client.cookies.set("jiraex_session", member_cookie)
    assert (await api.client.get("/api/auth/me")).status_code == 401


async def test_sessions_end_when_idle_and_at_their_absolute_lifetime(api: ApiHarness) -> None:
    idle = (await api.login())["token"]
    api.clock.advance(timedelta(hours=2, minutes=1))
    assert (await api.client.get("/api/auth/me", headers=bearer(idle))).status_code == 401
    busy = (await api.login())["token"]
    for _ in range(11):  # used every hour: never idle, still ends 12 hours after login
        api.clock.advance(timedelta(hours=1))
        assert (await api.client.get("/api/auth/me", headers=bearer(busy))).status_code == 200
    api.clock.advance(timedelta(hours=1, seconds=1))
    assert (await api.client.get("/api/auth/me", headers=bearer(busy))).status_code == 401
