"""S3: reset and invitation tokens work once, expire, are stored only as SHA-256, and reveal no accounts."""

import hashlib
from datetime import timedelta

from api_harness import ADMIN_EMAIL, ADMIN_PASSWORD, MEMBER_PASSWORD, ApiHarness, bearer, token_in
from sqlalchemy import select

from jiraex_shared.db import Invitation, PasswordReset

NEW_PASSWORD = "a-brand-new-secret-42"


async def request_reset(api: ApiHarness, email: str) -> str:
    sent = len(api.outbox)
    response = await api.client.post("/api/auth/password-reset", json={"email": email})
    assert response.status_code == 202
    mail = (await api.emails(sent + 1))[-1]
    assert mail.template == "password_reset" and mail.to == email
    return token_in(mail.params["reset_url"])


async def confirm(api: ApiHarness, token: str, password: str = NEW_PASSWORD):
    return await api.client.post("/api/auth/password-reset/confirm", json={"token": token, "password": password})


async def test_a_reset_token_works_once_and_ends_every_session(api: ApiHarness) -> None:
    old_session = (await api.login())["token"]
    token = await request_reset(api, ADMIN_EMAIL)
    assert (await confirm(api, token)).status_code == 204
    assert (await api.client.get("/api/auth/me", headers=bearer(old_session))).status_code == 401
    assert (await confirm(api, token, "yet-another-pass-77")).status_code == 422
    await api.login(ADMIN_EMAIL, NEW_PASSWORD)
    refused = await api.client.post("/api/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert refused.status_code == 401


async def test_only_the_sha256_of_a_reset_token_is_stored(api: ApiHarness) -> None:
    token = await request_reset(api, ADMIN_EMAIL)
    async with api.deps.sessions() as session:
        rows = (await session.scalars(select(PasswordReset))).all()
    assert [row.token_hash for row in rows] == [hashlib.sha256(token.encode()).hexdigest()]


async def test_a_reset_token_expires(api: ApiHarness) -> None:
    token = await request_reset(api, ADMIN_EMAIL)
    api.clock.advance(timedelta(minutes=31))
    response = await confirm(api, token)
    assert response.status_code == 422
    assert "expired" in response.json()["detail"]


async def test_wrong_forged_and_oversized_tokens_fail_alike(api: ApiHarness) -> None:
    await request_reset(api, ADMIN_EMAIL)
    answers = [await confirm(api, token) for token in ("x", "A" * 43, "é" * 43)]
    assert {response.status_code for response in answers} == {422}
    assert (await confirm(api, "A" * 10_000)).status_code == 400


async def test_a_token_changes_only_its_own_account(api: ApiHarness) -> None:
    await api.add_user("other@example.com")
    token = await request_reset(api, ADMIN_EMAIL)
    assert (await confirm(api, token)).status_code == 204
    await api.login("other@example.com", MEMBER_PASSWORD)  # untouched
    await api.login(ADMIN_EMAIL, NEW_PASSWORD)


async def test_a_new_reset_voids_older_links_once_one_is_used(api: ApiHarness) -> None:
    first = await request_reset(api, ADMIN_EMAIL)
    second = await request_reset(api, ADMIN_EMAIL)
    assert (await confirm(api, second)).status_code == 204
    assert (await confirm(api, first, "another-strong-pass-1")).status_code == 422


async def test_unknown_addresses_get_the_same_answer(api: ApiHarness) -> None:
    known = await api.client.post("/api/auth/password-reset", json={"email": ADMIN_EMAIL})
    unknown = await api.client.post("/api/auth/password-reset", json={"email": "ghost@example.com"})
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert len(await api.emails(1)) == 1


async def invite(api: ApiHarness, email: str) -> str:
    admin = (await api.login())["token"]
    sent = len(api.outbox)
    invited = await api.client.post("/api/users", json={"email": email}, headers=bearer(admin))
    assert invited.status_code == 201
    return token_in((await api.emails(sent + 1))[-1].params["accept_url"])


async def accept(api: ApiHarness, token: str, password: str = MEMBER_PASSWORD):
    return await api.client.post("/api/auth/invitations/accept", json={"token": token, "password": password})


async def test_an_invitation_works_once_for_the_invited_address(api: ApiHarness) -> None:
    token = await invite(api, "invitee@example.com")
    assert (await accept(api, token, "short")).status_code == 400  # a weak password does not spend the token
    created = await accept(api, token)
    assert created.status_code == 201 and created.json()["email"] == "invitee@example.com"
    assert (await accept(api, token, "some-other-password-1")).status_code == 422
    async with api.deps.sessions() as session:
        stored = (await session.scalars(select(Invitation.token_hash))).all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]


async def test_an_invitation_expires(api: ApiHarness) -> None:
    token = await invite(api, "late@example.com")
    api.clock.advance(timedelta(hours=72, seconds=1))
    assert (await accept(api, token)).status_code == 422
    assert (await api.client.post("/api/auth/login", json={"email": "late@example.com", "password": MEMBER_PASSWORD})
            ).status_code == 401
