"""S5, account rows: auth, users (admin) and preferences × anonymous / owner / other member / admin.

ARCHITECTURE §8: login, password reset and invitation acceptance are public and answer everybody alike (the
token or password is the credential, not the caller); logout, /auth/me and /me/preferences act on the caller's
own account only, so they take no object; user management is for admins, and a member gets 403 whichever user
the URL names, their own record included (no role self-promotion) and one that does not exist (no enumeration).
The admin config rows live with the connections matrix, whose SSRF allow-list they govern.
"""

import uuid

import httpx
from api_harness import ADMIN_EMAIL, ADMIN_PASSWORD, MEMBER_PASSWORD, ApiHarness, bearer, token_in
from s5_matrix import (
    ANONYMOUS,
    CALLERS,
    Callers,
    Route,
    admins_only,
    check_row,
    parametrize_rows,
    public,
    sign_in_callers,
    signed_in,
)

NEW_PASSWORD = "a-brand-new-secret-42"
BOGUS_TOKEN = "A" * 43  # shaped like a real token, matching none
OWNER_LOGIN = {"email": "owner@example.com", "password": MEMBER_PASSWORD}

# ``given`` names what the factory below makes for each caller: a fresh member to act on, or a live e-mailed token.
ROUTES = [
    public("POST", "/api/auth/login", 200, body=OWNER_LOGIN),
    # Four failures stay under the account throttle (five), so every caller gets the plain 401.
    public("POST", "/api/auth/login", 401, body={**OWNER_LOGIN, "password": "not-the-password-1"}),
    public("POST", "/api/auth/login", 401, body={"email": "ghost@example.com", "password": MEMBER_PASSWORD}),
    signed_in("POST", "/api/auth/logout", 204),
    signed_in("GET", "/api/auth/me"),
    public("POST", "/api/auth/password-reset", 202, body={"email": "owner@example.com"}),
    public("POST", "/api/auth/password-reset", 202, body={"email": "ghost@example.com"}),
    public("POST", "/api/auth/password-reset/confirm", 204, given="reset",
           body={"token": "{reset_token}", "password": NEW_PASSWORD}),
    public("POST", "/api/auth/password-reset/confirm", 422, body={"token": BOGUS_TOKEN, "password": NEW_PASSWORD}),
    public("POST", "/api/auth/invitations/accept", 201, given="invitation",
           body={"token": "{invitation_token}", "password": NEW_PASSWORD}),
    public("POST", "/api/auth/invitations/accept", 422, body={"token": BOGUS_TOKEN, "password": NEW_PASSWORD}),
    signed_in("GET", "/api/me/preferences"),
    signed_in("PUT", "/api/me/preferences", body={"theme": "dark"}),
    admins_only("GET", "/api/users"),
    admins_only("POST", "/api/users", 201, body={"email": "invitee@example.com", "role": "member"}),
    admins_only("POST", "/api/users", 201, body={"email": "invitee@example.com", "role": "admin"}),
    admins_only("PATCH", "/api/users/{member}", given="member", body={"role": "admin"}),
    admins_only("PATCH", "/api/users/{member}", given="member", body={"active": False}),
    admins_only("PATCH", "/api/users/{owner_id}", body={"role": "admin"}),  # the owner promoting themselves
    admins_only("PATCH", "/api/users/{missing}", 404, body={"active": False}),
    admins_only("DELETE", "/api/users/{member}", 204, given="member"),
    admins_only("DELETE", "/api/users/{owner_id}", 204),  # admins run last: the owner is refused before
    admins_only("DELETE", "/api/users/{missing}", 404),
]


async def _mailed_token(api: ApiHarness, template: str, to: str, link: str) -> str:
    mails = [mail for mail in await api.emails() if mail.template == template and mail.to == to]
    assert len(mails) == 1, mails
    return token_in(mails[0].params[link])


async def _row_objects(api: ApiHarness, callers: Callers, route: Route) -> dict[str, str]:
    values = {"missing": str(uuid.uuid4())}
    email = f"target-{uuid.uuid4().hex[:8]}@example.com"
    if route.given == "member":
        values["member"] = await api.add_user(email)
    elif route.given == "reset":
        await api.add_user(email)
        assert (await api.client.post("/api/auth/password-reset", json={"email": email})).status_code == 202
        values["reset_token"] = await _mailed_token(api, "password_reset", email, "reset_url")
    elif route.given == "invitation":
        invited = await api.client.post("/api/users", json={"email": email, "role": "member"},
                                        headers=callers.admin.headers)
        assert invited.status_code == 201, invited.text
        values["invitation_token"] = await _mailed_token(api, "invitation", email, "accept_url")
    return values


@parametrize_rows(ROUTES)
async def test_route_matrix(api: ApiHarness, route: Route) -> None:
    await check_row(api, route, _row_objects)


def _answer(response: httpx.Response) -> tuple[int, dict]:
    """What a caller can tell apart: status and body, less the request id (unique per request by design)."""
    body = response.json()
    body.pop("request_id", None)
    return response.status_code, body


async def test_public_account_routes_tell_nobody_whether_an_account_exists(api: ApiHarness) -> None:
    callers = await sign_in_callers(api)
    resets, logins = set(), set()
    for name in CALLERS:
        api.client.cookies.clear()
        for email in ("owner@example.com", "ghost@example.com"):
            reset = await api.client.post("/api/auth/password-reset", json={"email": email},
                                          headers=callers.headers(name))
            resets.add(repr(_answer(reset)))
            login = await api.client.post("/api/auth/login", json={"email": email, "password": "not-the-password-1"},
                                          headers=callers.headers(name))
            logins.add(repr(_answer(login)))
    assert len(resets) == 1 and "202" in resets.pop()
    assert len(logins) == 1 and "401" in logins.pop()
    # Only the address with an account got mail, and only its own: one reset per caller.
    assert {mail.to for mail in await api.emails(len(CALLERS))} == {"owner@example.com"}


async def test_members_learn_nothing_about_users_and_change_nothing(api: ApiHarness) -> None:
    callers = await sign_in_callers(api)
    api.client.cookies.clear()
    member = callers.headers("owner")
    answers = set()
    for target in (callers.owner.user_id, callers.admin.user_id, str(uuid.uuid4())):
        for method, body in (("PATCH", {"role": "admin"}), ("PATCH", {"active": False}), ("DELETE", None)):
            response = await api.client.request(method, f"/api/users/{target}", json=body, headers=member)
            status, problem = _answer(response)
            answers.add((status, problem["detail"]))
    assert answers == {(403, "this needs the admin role")}
    users = (await api.client.get("/api/users", headers=callers.headers("admin"))).json()
    by_id = {user["id"]: (user["role"], user["active"]) for user in users}
    assert by_id[callers.owner.user_id] == ("member", True)
    assert by_id[callers.admin.user_id] == ("admin", True)


async def test_self_service_routes_answer_only_about_the_caller(api: ApiHarness) -> None:
    callers = await sign_in_callers(api)
    api.client.cookies.clear()
    for name, caller in (("owner", callers.owner), ("other member", callers.other), ("admin", callers.admin)):
        me = await api.client.get("/api/auth/me", headers=callers.headers(name))
        assert me.json()["id"] == caller.user_id, name
    saved = await api.client.put("/api/me/preferences", json={"theme": "dark"}, headers=callers.headers("owner"))
    assert saved.status_code == 200
    seen = {name: (await api.client.get("/api/me/preferences", headers=callers.headers(name))).json()
            for name in CALLERS if name != ANONYMOUS}
    assert seen == {"other member": {}, "owner": {"theme": "dark"}, "admin": {}}
    # Logging out ends the caller's own session, nobody else's.
    assert (await api.client.post("/api/auth/logout", headers=callers.headers("other member"))).status_code == 204
    assert (await api.client.get("/api/auth/me", headers=callers.headers("other member"))).status_code == 401
    assert (await api.client.get("/api/auth/me", headers=callers.headers("owner"))).status_code == 200


async def test_cookie_authenticated_account_changes_need_the_csrf_token(api: ApiHarness) -> None:
    target = await api.add_user("target@example.com")
    login = await api.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    csrf = {"X-CSRF-Token": login["csrf_token"]}
    for method, url, body in (("PUT", "/api/me/preferences", {"theme": "dark"}),
                              ("PATCH", f"/api/users/{target}", {"role": "admin"}),
                              ("POST", "/api/users", {"email": "invitee@example.com", "role": "member"})):
        refused = await api.client.request(method, url, json=body)
        assert refused.status_code == 403, (method, url)
        accepted = await api.client.request(method, url, json=body, headers=csrf)
        assert accepted.status_code < 300, (method, url, accepted.text)
    assert (await api.client.post("/api/auth/logout")).status_code == 403
    assert (await api.client.post("/api/auth/logout", headers=csrf)).status_code == 204
    assert (await api.client.get("/api/auth/me", headers=bearer(login["token"]))).status_code == 401


async def test_a_role_change_applies_to_sessions_already_open(api: ApiHarness) -> None:
    # The role is read from the user row on every request, not frozen into the session at login.
    callers = await sign_in_callers(api)
    api.client.cookies.clear()
    admin, demoted = callers.headers("admin"), callers.headers("owner")
    assert (await api.client.patch(f"/api/users/{callers.owner.user_id}", json={"role": "admin"},
                                   headers=admin)).status_code == 200
    assert (await api.client.get("/api/users", headers=demoted)).status_code == 200
    assert (await api.client.patch(f"/api/users/{callers.owner.user_id}", json={"role": "member"},
                                   headers=admin)).status_code == 200
    assert (await api.client.get("/api/users", headers=demoted)).status_code == 403
    assert (await api.client.get("/api/admin/config", headers=demoted)).status_code == 403
