"""Credential refusals and request errors carry the bodies and headers the real products send."""

from __future__ import annotations

import httpx

from jiraex_jira_sim.runner import RunningSimulator


async def test_cloud_auth_refusals(cloud_sim: RunningSimulator, creds, sample) -> None:
    async with httpx.AsyncClient(base_url=cloud_sim.base_url) as client:
        wrong = await client.get("/rest/api/3/myself", auth=(creds.email, "wrong-token"))
        assert wrong.status_code == 401
        assert wrong.json() == sample("errors/cloud-401-not-authenticated.json")
        assert wrong.headers["x-seraph-loginreason"] == "AUTHENTICATED_FAILED"
        assert wrong.headers["www-authenticate"].startswith("OAuth realm=")

        anonymous = await client.get("/rest/api/3/search/jql", params={"jql": "project = X"})
        assert anonymous.status_code == 401
        assert anonymous.json()["status-code"] == 401
        assert (await client.get("/rest/api/3/serverInfo")).status_code == 200  # anonymous is fine here

        garbled = await client.get("/rest/api/3/myself", headers={"Authorization": "Basic !!!"})
        assert garbled.status_code == 401

        bearer = await client.get("/rest/api/3/myself", headers={"Authorization": f"Bearer {creds.token}"})
        assert bearer.status_code == 403
        assert bearer.json() == {"error": "Failed to parse Connect Session Auth Token"}

        upper = await client.get("/rest/api/3/myself", auth=(creds.email.upper(), creds.token))
        assert upper.status_code == 200
        assert upper.json()["emailAddress"] == creds.email


async def test_server_auth_refusals(server_sim: RunningSimulator, creds) -> None:
    async with httpx.AsyncClient(base_url=server_sim.base_url) as client:
        wrong_pat = await client.get("/rest/api/2/myself", headers={"Authorization": "Bearer nope"})
        assert wrong_pat.status_code == 401
        assert wrong_pat.headers["content-type"].startswith("text/html")
        assert wrong_pat.headers["x-seraph-loginreason"] == "AUTHENTICATED_FAILED"

        wrong_password = await client.get("/rest/api/2/myself", auth=(creds.user, "nope"))
        assert wrong_password.status_code == 401
        assert "Unauthorized" in wrong_password.text

        anonymous = await client.get("/rest/api/2/myself")
        assert anonymous.status_code == 401
        assert anonymous.json()["errorMessages"] == [
            "You are not authenticated. Authentication required to perform this operation."
        ]

        me = await client.get("/rest/api/2/myself", auth=(creds.user, creds.password))
        assert me.status_code == 200
        assert me.json()["name"] == creds.user
        assert "accountId" not in me.json()
        via_pat = await client.get("/rest/api/2/myself", headers={"Authorization": f"Bearer {creds.pat}"})
        assert via_pat.status_code == 200

        info = (await client.get("/rest/api/2/serverInfo")).json()
        assert info["deploymentType"] == "Server"
        assert info["versionNumbers"][0] < 1000
        assert (await client.get("/rest/api/3/serverInfo")).status_code == 404  # Server has no v3


async def test_request_errors(cloud: httpx.AsyncClient, server: httpx.AsyncClient) -> None:
    unknown = await cloud.get("/rest/api/3/nothing-here")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert unknown.json()["status"] == 404
    assert (await server.get("/rest/api/2/nothing-here")).json()["status-code"] == 404

    wrong_method = await cloud.delete("/rest/api/3/search/jql")
    assert wrong_method.status_code == 405
    assert set(wrong_method.headers["allow"].split(", ")) == {"GET", "POST"}

    no_type = await cloud.post("/rest/api/3/search/jql", content=b'{"jql": "project = X"}')
    assert no_type.status_code == 415
    assert no_type.json()["detail"] == "Content-Type 'null' is not supported."

    json_type = {"Content-Type": "application/json"}
    broken = await cloud.post("/rest/api/3/search/jql", content=b"{nope", headers=json_type)
    assert broken.status_code == 400
    assert "parsing JSON" in broken.json()["errorMessages"][0]
    unknown_field = await cloud.post("/rest/api/3/search/jql", json={"jql": "project = X", "startAt": 5})
    assert unknown_field.status_code == 400
    bad_int = await cloud.get("/rest/api/3/search/jql", params={"jql": "project = X", "maxResults": "ten"})
    assert bad_int.status_code == 400
    assert bad_int.json()["title"] == "Bad Request"

    bad_value = await cloud.get("/rest/api/3/search/jql", params={"jql": "project = NOSUCHPROJECT"})
    assert bad_value.status_code == 400
    assert "NOSUCHPROJECT" in bad_value.json()["errorMessages"][0]
