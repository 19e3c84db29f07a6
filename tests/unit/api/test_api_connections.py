"""`/api/connections`: CRUD over HTTP with the credential sealed and never answered; foreign rows look missing."""

import base64
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from api_harness import ADMIN_PASSWORD, ApiHarness, api_settings, logs_captured, running_api
from jobs_api_helpers import Caller, sign_in
from sqlalchemy import select

from jiraex_shared.db import AuditEntry, Connection

# A test credential that must appear in no response and no log line.
TOKEN = "sekret-token-6f1d2c"
# An IP literal needs no DNS lookup, and an allow-listed loopback address keeps the tests off the network.
SITE = "http://127.0.0.1:9"


@pytest.fixture
async def keyed(tmp_path: Path) -> AsyncIterator[ApiHarness]:
    secret = base64.b64encode(os.urandom(32)).decode()
    async with running_api(api_settings(str(tmp_path), secret_key=secret)) as harness:
        yield harness


async def _admin(api: ApiHarness) -> dict[str, str]:
    return {"Authorization": f"Bearer {(await api.login(password=ADMIN_PASSWORD))['token']}"}


async def _allow(api: ApiHarness, *entries: str) -> None:
    response = await api.client.put("/api/admin/config", json={"jira_allowed_hosts": list(entries)},
                                    headers=await _admin(api))
    assert response.status_code == 200, response.text


async def _create(api: ApiHarness, caller: Caller, **fields: object) -> dict:
    body = {"name": "Team Jira", "base_url": SITE, "auth_type": "basic", "email": "me@example.com",
            "token": TOKEN, **fields}
    response = await api.client.post("/api/connections", json=body, headers=caller.headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_crud_over_http_never_answers_the_credential(keyed: ApiHarness) -> None:
    api = keyed
    await _allow(api, "127.0.0.1")
    alice = await sign_in(api, "alice@example.com")
    with logs_captured() as logs:
        created = await _create(api, alice, rate_cap_rps=5)
        connection_id = created["id"]
        assert created["owner_id"] == alice.user_id and created["base_url"] == SITE
        assert created["deployment"] == "unknown" and created["rate_cap_rps"] == 5
        assert created["auth_type"] == "basic" and created["username"] == "me@example.com"
        listed = await api.client.get("/api/connections", headers=alice.headers)
        one = await api.client.get(f"/api/connections/{connection_id}", headers=alice.headers)
        renamed = await api.client.patch(f"/api/connections/{connection_id}",
                                         json={"name": "Renamed", "clear_rate_cap": True}, headers=alice.headers)
        new_token = await api.client.patch(f"/api/connections/{connection_id}", json={"token": TOKEN + "-2"},
                                           headers=alice.headers)
    assert [item["id"] for item in listed.json()] == [connection_id]
    assert one.status_code == 200 and one.json() == created
    assert renamed.status_code == 200 and renamed.json()["name"] == "Renamed"
    assert renamed.json()["rate_cap_rps"] is None
    assert new_token.status_code == 200
    for response in (listed, one, renamed, new_token):
        assert TOKEN not in response.text and "credential" not in response.text
    assert TOKEN not in logs.getvalue()
    async with api.deps.sessions() as session:
        row = await session.get(Connection, uuid.UUID(connection_id))
        assert row is not None and TOKEN.encode() not in row.credential_ciphertext
        actions = (await session.execute(select(AuditEntry.action).where(
            AuditEntry.target_id == connection_id))).scalars().all()
    assert sorted(actions) == ["connection.created", "connection.updated", "connection.updated"]
    deleted = await api.client.delete(f"/api/connections/{connection_id}", headers=alice.headers)
    assert deleted.status_code == 204
    assert (await api.client.get(f"/api/connections/{connection_id}", headers=alice.headers)).status_code == 404


async def test_members_see_only_their_own_and_admins_everyone(keyed: ApiHarness) -> None:
    api = keyed
    await _allow(api, "127.0.0.1")
    alice, bob = await sign_in(api, "alice@example.com"), await sign_in(api, "bob@example.com")
    admin = await sign_in(api, "boss@example.com", role="admin")
    mine = (await _create(api, alice))["id"]
    api.client.cookies.clear()
    assert (await api.client.get("/api/connections", headers=bob.headers)).json() == []
    assert [c["id"] for c in (await api.client.get("/api/connections", headers=admin.headers)).json()] == [mine]
    for method, suffix in (("GET", ""), ("PATCH", ""), ("DELETE", ""), ("POST", "/test"), ("GET", "/fields")):
        response = await api.client.request(method, f"/api/connections/{mine}{suffix}", headers=bob.headers,
                                            json={"name": "taken"} if method == "PATCH" else None)
        assert response.status_code == 404, (method, suffix, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    assert (await api.client.get(f"/api/connections/{mine}", headers=admin.headers)).status_code == 200


async def test_invalid_fields_are_named_in_the_problem(keyed: ApiHarness) -> None:
    api = keyed
    alice = await sign_in(api, "alice@example.com")
    body = {"name": "x", "base_url": SITE, "auth_type": "basic", "username": "me@example.com", "token": TOKEN}
    refused = await api.client.post("/api/connections", json=body, headers=alice.headers)
    # Loopback is not allow-listed yet: the egress guard refuses it before anything is stored.
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["key"] == "$.base_url" and "not allowed" in refused.json()["detail"]
    await _allow(api, "127.0.0.1")
    no_user = await api.client.post("/api/connections", json={**body, "username": None}, headers=alice.headers)
    assert no_user.status_code == 422 and no_user.json()["errors"][0]["key"] == "$.username"
    both = await api.client.post("/api/connections", json={**body, "email": "other@example.com"},
                                 headers=alice.headers)
    assert both.status_code == 422 and both.json()["errors"][0]["key"] == "$.email"
    bad_kind = await api.client.post("/api/connections", json={**body, "auth_type": "oauth"}, headers=alice.headers)
    assert bad_kind.status_code == 400
    created = await _create(api, alice)
    # A stored token is only ever sent to the site it was entered for.
    moved = await api.client.patch(f"/api/connections/{created['id']}", json={"base_url": "http://127.0.0.1:10"},
                                   headers=alice.headers)
    assert moved.status_code == 422 and moved.json()["errors"][0]["key"] == "$.token"
    async with api.deps.sessions() as session:
        assert len((await session.execute(select(Connection))).scalars().all()) == 1


async def test_test_and_fields_report_a_site_the_guard_refuses(keyed: ApiHarness) -> None:
    api = keyed
    await _allow(api, "127.0.0.1")
    alice = await sign_in(api, "alice@example.com")
    connection_id = (await _create(api, alice))["id"]
    await _allow(api)  # the admin withdraws the allow-list: no socket is opened to the site any more
    tested = await api.client.post(f"/api/connections/{connection_id}/test", headers=alice.headers)
    assert tested.status_code == 200, tested.text
    assert tested.json()["ok"] is False and "not allowed" in tested.json()["error"]
    fields = await api.client.get(f"/api/connections/{connection_id}/fields", headers=alice.headers)
    assert fields.status_code == 502 and "not allowed" in fields.json()["detail"]


async def test_without_a_secret_key_no_connection_can_be_stored(api: ApiHarness) -> None:
    alice = await sign_in(api, "alice@example.com")
    body = {"name": "x", "base_url": SITE, "auth_type": "bearer", "token": TOKEN}
    response = await api.client.post("/api/connections", json=body, headers=alice.headers)
    assert response.status_code == 503 and "JIRA_EXTRACTOR_SECRET_KEY" in response.json()["detail"]
