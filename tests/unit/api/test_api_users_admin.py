"""Admins invite, promote, disable and delete users; members cannot; one active admin always remains."""

from api_harness import MEMBER_PASSWORD, ApiHarness, bearer, token_in


async def _invite_and_accept(api: ApiHarness, admin_token: str, email: str, role: str = "member") -> dict:
    sent = len(api.outbox)
    invited = await api.client.post("/api/users", json={"email": email, "role": role}, headers=bearer(admin_token))
    assert invited.status_code == 201, invited.text
    assert invited.json()["email"] == email.lower()
    mail = (await api.emails(sent + 1))[-1]
    assert mail.template == "invitation" and mail.to == email.lower()
    accepted = await api.client.post(
        "/api/auth/invitations/accept", json={"token": token_in(mail.params["accept_url"]), "password": MEMBER_PASSWORD}
    )
    assert accepted.status_code == 201, accepted.text
    return accepted.json()


async def test_invited_member_signs_in_and_is_not_an_admin(api: ApiHarness) -> None:
    admin = (await api.login())["token"]
    user = await _invite_and_accept(api, admin, "Member@Example.com")
    assert user["email"] == "member@example.com" and user["role"] == "member"
    member = (await api.login("member@example.com", MEMBER_PASSWORD))["token"]
    assert (await api.client.get("/api/users", headers=bearer(member))).status_code == 403
    listed = await api.client.get("/api/users", headers=bearer(admin))
    assert sorted(u["email"] for u in listed.json()) == ["admin@example.com", "member@example.com"]


async def test_inviting_an_existing_address_is_a_conflict(api: ApiHarness) -> None:
    admin = (await api.login())["token"]
    response = await api.client.post("/api/users", json={"email": "admin@example.com"}, headers=bearer(admin))
    assert response.status_code == 409


async def test_disabling_a_user_ends_their_sessions(api: ApiHarness) -> None:
    admin = (await api.login())["token"]
    user_id = await api.add_user("worker@example.com")
    member = (await api.login("worker@example.com", MEMBER_PASSWORD))["token"]
    assert (await api.client.get("/api/auth/me", headers=bearer(member))).status_code == 200
    patched = await api.client.patch(f"/api/users/{user_id}", json={"active": False}, headers=bearer(admin))
    assert patched.status_code == 200 and patched.json()["active"] is False
    assert (await api.client.get("/api/auth/me", headers=bearer(member))).status_code == 401
    again = await api.client.post("/api/auth/login", json={"email": "worker@example.com", "password": MEMBER_PASSWORD})
    assert again.status_code == 401


async def test_the_last_admin_cannot_be_demoted_or_deleted(api: ApiHarness) -> None:
    login = await api.login()
    admin, admin_id = login["token"], login["user"]["id"]
    demote = await api.client.patch(f"/api/users/{admin_id}", json={"role": "member"}, headers=bearer(admin))
    assert demote.status_code == 409
    assert (await api.client.delete(f"/api/users/{admin_id}", headers=bearer(admin))).status_code == 409
    other = await api.add_user("second@example.com", role="admin")
    assert (await api.client.delete(f"/api/users/{admin_id}", headers=bearer(admin))).status_code == 204
    assert (await api.client.get("/api/auth/me", headers=bearer(admin))).status_code == 401
    assert other


async def test_unknown_user_is_404_and_bad_id_is_400(api: ApiHarness) -> None:
    admin = (await api.login())["token"]
    missing = "00000000-0000-4000-8000-000000000000"
    assert (await api.client.patch(f"/api/users/{missing}", json={}, headers=bearer(admin))).status_code == 404
    assert (await api.client.delete("/api/users/not-a-uuid", headers=bearer(admin))).status_code in {400, 404}
