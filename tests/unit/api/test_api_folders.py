"""/api/folders: list, create, rename, delete; names unique per owner; members see their own, admins all."""

import uuid

from api_harness import ApiHarness
from jobs_api_helpers import add_connection, finished_job, sign_in


async def test_create_list_rename_delete(api: ApiHarness) -> None:
    alice = await sign_in(api, "alice@example.com")
    created = await api.client.post("/api/folders", json={"name": "  Weekly  "}, headers=alice.headers)
    assert created.status_code == 201, created.text
    folder = created.json()
    assert folder["name"] == "Weekly" and folder["owner_id"] == alice.user_id
    await api.client.post("/api/folders", json={"name": "Archive"}, headers=alice.headers)
    listed = (await api.client.get("/api/folders", headers=alice.headers)).json()
    assert [item["name"] for item in listed] == ["Archive", "Weekly"]
    renamed = await api.client.patch(f"/api/folders/{folder['id']}", json={"name": "Monthly"}, headers=alice.headers)
    assert renamed.status_code == 200 and renamed.json()["name"] == "Monthly"
    deleted = await api.client.delete(f"/api/folders/{folder['id']}", headers=alice.headers)
    assert deleted.status_code == 204
    listed = (await api.client.get("/api/folders", headers=alice.headers)).json()
    assert [item["name"] for item in listed] == ["Archive"]


async def test_names_are_unique_per_owner_and_never_blank(api: ApiHarness) -> None:
    alice, bob = await sign_in(api, "alice@example.com"), await sign_in(api, "bob@example.com")
    assert (await api.client.post("/api/folders", json={"name": "Q1"}, headers=alice.headers)).status_code == 201
    duplicate = await api.client.post("/api/folders", json={"name": "Q1"}, headers=alice.headers)
    assert duplicate.status_code == 409 and duplicate.headers["content-type"] == "application/problem+json"
    assert (await api.client.post("/api/folders", json={"name": "Q1"}, headers=bob.headers)).status_code == 201
    other = (await api.client.post("/api/folders", json={"name": "Q2"}, headers=alice.headers)).json()
    clash = await api.client.patch(f"/api/folders/{other['id']}", json={"name": "Q1"}, headers=alice.headers)
    assert clash.status_code == 409
    for body in ({"name": "   "}, {"name": ""}, {}, {"name": "x" * 201}, {"name": "a\u0000b"}, {"name": "a\tb"}):
        response = await api.client.post("/api/folders", json=body, headers=alice.headers)
        assert response.status_code in {400, 422}, (body, response.text)


async def test_foreign_folders_look_missing_and_admins_see_all(api: ApiHarness) -> None:
    alice, bob = await sign_in(api, "alice@example.com"), await sign_in(api, "bob@example.com")
    admin = await sign_in(api, "root@example.com", role="admin")
    folder = (await api.client.post("/api/folders", json={"name": "Mine"}, headers=alice.headers)).json()
    assert (await api.client.get("/api/folders", headers=bob.headers)).json() == []
    url = f"/api/folders/{folder['id']}"
    assert (await api.client.patch(url, json={"name": "Stolen"}, headers=bob.headers)).status_code == 404
    assert (await api.client.delete(url, headers=bob.headers)).status_code == 404
    assert (await api.client.delete(f"/api/folders/{uuid.uuid4()}", headers=alice.headers)).status_code == 404
    assert [item["id"] for item in (await api.client.get("/api/folders", headers=admin.headers)).json()] == [
        folder["id"]
    ]
    renamed = await api.client.patch(url, json={"name": "Renamed"}, headers=admin.headers)
    assert renamed.status_code == 200 and renamed.json()["owner_id"] == alice.user_id


async def test_deleting_a_folder_keeps_its_jobs_unfiled(api: ApiHarness) -> None:
    alice = await sign_in(api, "alice@example.com")
    folder = (await api.client.post("/api/folders", json={"name": "F"}, headers=alice.headers)).json()
    connection = await add_connection(api, alice.user_id)
    launched = await api.client.post(
        "/api/export", json={"connection_id": connection, "jql": "project = A", "folder_id": folder["id"]},
        headers=alice.headers,
    )
    job_id = launched.json()["job_id"]
    other = await finished_job(api, alice.user_id, connection, {"a.json": b"[]"})
    assert (await api.client.delete(f"/api/folders/{folder['id']}", headers=alice.headers)).status_code == 204
    job = (await api.client.get(f"/api/jobs/{job_id}", headers=alice.headers)).json()
    assert job["folder_id"] is None
    assert (await api.client.get(f"/api/jobs/{other}", headers=alice.headers)).status_code == 200
