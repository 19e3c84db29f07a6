"""Connections over HTTP on real PostgreSQL against the Jira simulator, allow-listed by an admin through the API."""

import base64
import os
import uuid
from pathlib import Path

import pytest
from api_harness import ApiHarness, api_settings, bearer, running_api
from jobs_api_helpers import sign_in
from sqlalchemy import select

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.db import AuditEntry, Connection

pytestmark = pytest.mark.integration
SIM = SimConfig(issues=5, seed=4)


async def _allow_loopback(api: ApiHarness) -> None:
    admin = bearer((await api.login())["token"])
    response = await api.client.put("/api/admin/config", json={"jira_allowed_hosts": ["127.0.0.1/8"]}, headers=admin)
    assert response.status_code == 200, response.text
    assert response.json()["jira_allowed_hosts"] == ["127.0.0.0/8"]  # stored in canonical form


async def test_create_test_fields_update_delete_against_the_simulator(tmp_path: Path, pg_url: str) -> None:
    settings = api_settings(str(tmp_path), database_url=pg_url, secret_key=base64.b64encode(os.urandom(32)).decode())
    async with run_simulator(SIM) as sim, running_api(settings) as api:
        alice, bob = await sign_in(api, "alice@example.com"), await sign_in(api, "bob@example.com")
        api.client.cookies.clear()
        body = {"name": "Simulator", "base_url": sim.base_url, "auth_type": "basic", "email": SIM.email,
                "token": SIM.token}
        refused = await api.client.post("/api/connections", json=body, headers=alice.headers)
        assert refused.status_code == 422 and refused.json()["errors"][0]["key"] == "$.base_url", refused.text

        await _allow_loopback(api)
        api.client.cookies.clear()
        created = await api.client.post("/api/connections", json=body, headers=alice.headers)
        assert created.status_code == 201, created.text
        connection_id = created.json()["id"]
        url = f"/api/connections/{connection_id}"

        tested = await api.client.post(f"{url}/test", headers=alice.headers)
        assert tested.status_code == 200, tested.text
        result = tested.json()
        assert result["ok"] is True and result["deployment"] == "cloud" and result["version"], result
        assert result["user_display_name"] and result["error"] is None
        # The detected deployment is stored on the connection.
        assert (await api.client.get(url, headers=alice.headers)).json()["deployment"] == "cloud"

        fields = await api.client.get(f"{url}/fields", headers=alice.headers)
        assert fields.status_code == 200, fields.text
        by_id = {entry["id"]: entry for entry in fields.json()}
        assert "summary" in by_id and by_id["summary"]["custom"] is False
        names = [entry["name"].casefold() for entry in fields.json()]
        assert names == sorted(names)
        assert (await api.client.get(f"{url}/fields", headers=bob.headers)).status_code == 404

        wrong = await api.client.patch(url, json={"token": "not-the-token", "name": "Sim (wrong)"},
                                       headers=alice.headers)
        assert wrong.status_code == 200 and wrong.json()["name"] == "Sim (wrong)"
        rejected = (await api.client.post(f"{url}/test", headers=alice.headers)).json()
        assert rejected["ok"] is False and rejected["error_status"] == 401 and rejected["error"], rejected
        no_fields = await api.client.get(f"{url}/fields", headers=alice.headers)
        assert no_fields.status_code == 502 and no_fields.headers["content-type"] == "application/problem+json"
        fixed = await api.client.patch(url, json={"token": SIM.token}, headers=alice.headers)
        assert fixed.status_code == 200
        assert (await api.client.post(f"{url}/test", headers=alice.headers)).json()["ok"] is True

        async with api.deps.sessions() as session:
            row = await session.get(Connection, uuid.UUID(connection_id))
            assert row is not None and SIM.token.encode() not in row.credential_ciphertext

        assert (await api.client.delete(url, headers=bob.headers)).status_code == 404
        assert (await api.client.delete(url, headers=alice.headers)).status_code == 204
        assert (await api.client.get(url, headers=alice.headers)).status_code == 404
        async with api.deps.sessions() as session:
            actions = (await session.execute(select(AuditEntry.action).order_by(AuditEntry.at))).scalars().all()
        assert "config_updated" in actions and "connection.created" in actions and "connection.deleted" in actions
