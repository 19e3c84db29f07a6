"""POST /api/export/preflight against the Jira simulator: Jira's verdict on the JQL and the estimate."""

import base64
import os
import uuid
from pathlib import Path

import pytest
from api_harness import ApiHarness, api_settings, running_api
from jobs_api_helpers import sign_in

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator
from jiraex_shared.db import Connection
from jiraex_shared.security.credential_cipher import CredentialCipher

pytestmark = pytest.mark.integration
SIM = SimConfig(issues=40, seed=3)


async def _connection(api: ApiHarness, owner_id: str, base_url: str) -> str:
    connection_id = uuid.uuid4()
    sealed = CredentialCipher.from_settings(api.deps.settings).encrypt(SIM.token, row_id=str(connection_id))
    async with api.deps.sessions() as session:
        session.add(Connection(
            id=connection_id, owner_id=uuid.UUID(owner_id), name="sim", base_url=base_url, auth_kind="basic",
            username=SIM.email, credential_ciphertext=sealed.ciphertext, credential_nonce=sealed.nonce,
            credential_key_id=sealed.key_id,
        ))
        await session.commit()
    return str(connection_id)


@pytest.mark.parametrize("allowed", ["127.0.0.1", ""])
async def test_preflight_checks_the_jql_with_jira(tmp_path: Path, allowed: str) -> None:
    secret = base64.b64encode(os.urandom(32)).decode()
    settings = api_settings(str(tmp_path), secret_key=secret, jira_allowed_hosts=allowed)
    async with run_simulator(SIM) as sim, running_api(settings) as api:
        alice, bob = await sign_in(api, "alice@example.com"), await sign_in(api, "bob@example.com")
        connection = await _connection(api, alice.user_id, sim.base_url)
        url = "/api/export/preflight"
        good = await api.client.post(url, json={"connection_id": connection, "jql": "project = ALPHA"},
                                     headers=alice.headers)
        if not allowed:  # the egress guard refuses the loopback simulator: Jira never sees the request
            assert good.status_code == 502 and "not allowed" in good.json()["detail"], good.text
            return
        assert good.status_code == 200, good.text
        body = good.json()
        assert body["jql_valid"] is True and body["approximate_count"] > 0 and body["estimated_requests"] >= 1
        assert body["deployment"] == "cloud" and body["error"] is None
        bad = await api.client.post(url, json={"connection_id": connection, "jql": "project = = ALPHA ((("},
                                    headers=alice.headers)
        assert bad.status_code == 200, bad.text
        assert bad.json()["jql_valid"] is False and bad.json()["error"]
        foreign = await api.client.post(url, json={"connection_id": connection, "jql": "project = ALPHA"},
                                        headers=bob.headers)
        assert foreign.status_code == 404
