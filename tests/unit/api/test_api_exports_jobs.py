"""POST /api/export and /api/jobs: launch, idempotency, ownership, list pages, detail, cancel, retry, delete."""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from api_harness import ApiHarness, api_settings, running_api
from jobs_api_helpers import Caller, add_connection, finished_job, move_to, sign_in
from sqlalchemy import select

from jiraex_shared.contracts import ExportRequested
from jiraex_shared.db import AuditEntry, Folder


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[tuple[ApiHarness, list[ExportRequested]]]:
    published: list[ExportRequested] = []

    async def capture(message: ExportRequested) -> None:
        published.append(message)

    async with running_api(api_settings(str(tmp_path)), extra_handlers={ExportRequested: capture}) as api:
        yield api, published


async def _launch(api: ApiHarness, caller: Caller, connection_id: str, **extra: object) -> str:
    body = {"connection_id": connection_id, "jql": "project = A", "formats": ["json", "csv"], **extra}
    response = await api.client.post("/api/export", json=body, headers=caller.headers)
    assert response.status_code == 202, response.text
    return response.json()["job_id"]


async def test_launch_writes_a_queued_job_and_publishes_after_commit(world) -> None:
    api, published = world
    alice = await sign_in(api, "alice@example.com")
    connection = await add_connection(api, alice.user_id)
    body = {"connection_id": connection, "jql": "project = A", "formats": ["json", "html"], "archive": True,
            "name": "Weekly", "include": {"comments": True, "changelog": False, "worklogs": True, "attachments": False}}
    response = await api.client.post("/api/export", json=body, headers=alice.headers)
    assert response.status_code == 202, response.text
    job_id = response.json()["job_id"]
    assert response.headers["location"] == f"/api/jobs/{job_id}"
    await api.deps.bus.drain()  # type: ignore[attr-defined]
    [message] = published
    assert (message.job_id, message.connection_id, message.requested_by) == (job_id, connection, alice.user_id)
    assert message.formats == ("json", "html") and message.archive and message.include.changelog is False
    detail = (await api.client.get(f"/api/jobs/{job_id}", headers=alice.headers)).json()
    assert detail["state"] == "queued" and detail["name"] == "Weekly" and detail["files"] == []
    assert detail["spec"]["jql"] == "project = A" and detail["owner_id"] == alice.user_id


async def test_a_foreign_or_unknown_connection_or_folder_is_not_found(world) -> None:
    api, published = world
    alice, bob = await sign_in(api, "alice@example.com"), await sign_in(api, "bob@example.com")
    bobs = await add_connection(api, bob.user_id)
    for connection in (bobs, str(uuid.uuid4())):
        response = await api.client.post("/api/export", json={"connection_id": connection, "jql": "x"},
                                         headers=alice.headers)
        assert response.status_code == 404, response.text
        assert response.headers["content-type"] == "application/problem+json"
    async with api.deps.sessions() as session:
        folder = Folder(owner_id=uuid.UUID(bob.user_id), name="bob's")
        session.add(folder)
        await session.commit()
    own = await add_connection(api, alice.user_id)
    body = {"connection_id": own, "jql": "x", "folder_id": str(folder.id)}
    response = await api.client.post("/api/export", json=body, headers=alice.headers)
    assert response.status_code == 404
    assert published == []


@pytest.mark.parametrize("body", [
    {"jql": ""}, {"jql": "  \n "}, {"name": "   "}, {"formats": []}, {"formats": ["pdf"]},
    {"formats": ["json", "json"]}, {"name": ""},
    {"connection_id": "not-a-uuid"},
])
async def test_an_invalid_spec_is_refused_with_a_problem(world, body: dict[str, object]) -> None:
    api, published = world
    alice = await sign_in(api, "alice@example.com")
    connection = await add_connection(api, alice.user_id)
    response = await api.client.post("/api/export", json={"connection_id": connection, "jql": "x", **body},
                                     headers=alice.headers)
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert published == []


async def test_an_idempotency_key_answers_the_same_job_per_user(world) -> None:
    api, published = world
    alice, bob = await sign_in(api, "alice@example.com"), await sign_in(api, "bob@example.com")
    alices, bobs = await add_connection(api, alice.user_id), await add_connection(api, bob.user_id)
    key = {"Idempotency-Key": "launch-1"}
    first = await _launch(api, Caller(alice.user_id, {**alice.headers, **key}), alices)
    again = await _launch(api, Caller(alice.user_id, {**alice.headers, **key}), alices)
    assert first == again
    # The same key from another user is another job (keys are scoped by caller), never alice's.
    bobs_job = await _launch(api, Caller(bob.user_id, {**bob.headers, **key}), bobs)
    assert bobs_job != first
    # The same key in the body works too; with a different spec it is a conflict.
    assert await _launch(api, alice, alices, idempotency_key="launch-1") == first
    response = await api.client.post("/api/export", json={"connection_id": alices, "jql": "project = B"},
                                     headers={**alice.headers, **key})
    assert response.status_code == 409
    await api.deps.bus.drain()  # type: ignore[attr-defined]
    assert sorted(message.job_id for message in published) == sorted([first, bobs_job])


async def test_jobs_list_is_scoped_filtered_and_paged_by_an_opaque_cursor(world) -> None:
    api, _ = world
    alice, bob = await sign_in(api, "alice@example.com"), await sign_in(api, "bob@example.com")
    admin = await sign_in(api, "root@example.com", role="admin")
    c1, c2 = await add_connection(api, alice.user_id), await add_connection(api, alice.user_id)
    mine = [await _launch(api, alice, c1 if index % 2 else c2) for index in range(7)]
    bobs = await _launch(api, bob, await add_connection(api, bob.user_id))
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await api.client.get("/api/jobs", params=params, headers=alice.headers)).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(mine))  # newest first, each exactly once
    by_connection = (await api.client.get("/api/jobs", params={"connection_id": c1}, headers=alice.headers)).json()
    assert {item["id"] for item in by_connection["items"]} == set(mine[1::2])
    await move_to(api, mine[0], "failed", error_kind="internal", error_message="boom")
    failed = (await api.client.get("/api/jobs", params={"state": "failed"}, headers=alice.headers)).json()
    assert [item["id"] for item in failed["items"]] == [mine[0]] and failed["items"][0]["error_message"] == "boom"
    everyone = (await api.client.get("/api/jobs", params={"limit": 50}, headers=admin.headers)).json()
    assert {item["id"] for item in everyone["items"]} == {*mine, bobs}
    for bad in ({"cursor": "garbage!"}, {"limit": 0}, {"limit": 201}, {"state": "sleeping"}):
        response = await api.client.get("/api/jobs", params=bad, headers=alice.headers)
        assert response.status_code in (400, 422), (bad, response.text)


async def test_cancel_retry_and_delete(world) -> None:
    api, published = world
    alice = await sign_in(api, "alice@example.com")
    connection = await add_connection(api, alice.user_id)
    job_id = await _launch(api, alice, connection, name="Nightly")
    assert (await api.client.post(f"/api/jobs/{job_id}/retry", headers=alice.headers)).status_code == 409
    assert (await api.client.delete(f"/api/jobs/{job_id}", headers=alice.headers)).status_code == 409
    cancelled = await api.client.post(f"/api/jobs/{job_id}/cancel", headers=alice.headers)
    assert cancelled.status_code == 202 and cancelled.json()["cancel_requested"] is True
    await move_to(api, job_id, "cancelled")
    assert (await api.client.post(f"/api/jobs/{job_id}/cancel", headers=alice.headers)).status_code == 409
    retried = await api.client.post(f"/api/jobs/{job_id}/retry", headers=alice.headers)
    assert retried.status_code == 202, retried.text
    new_id = retried.json()["job_id"]
    new = (await api.client.get(f"/api/jobs/{new_id}", headers=alice.headers)).json()
    old = (await api.client.get(f"/api/jobs/{job_id}", headers=alice.headers)).json()
    assert new["state"] == "queued" and new["spec"] == old["spec"] and new["name"] == "Nightly"
    await api.deps.bus.drain()  # type: ignore[attr-defined]
    assert [message.job_id for message in published] == [job_id, new_id]

    done = await finished_job(api, alice.user_id, connection, {"issues.json": b"[]", "csv/issues.csv": b"a\n"})
    assert [key async for key in _keys(api, done)]
    assert (await api.client.delete(f"/api/jobs/{done}", headers=alice.headers)).status_code == 204
    assert (await api.client.get(f"/api/jobs/{done}", headers=alice.headers)).status_code == 404
    assert [key async for key in _keys(api, done)] == []
    async with api.deps.sessions() as session:
        entry = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "export.deleted"))).one()
    assert (entry.target_id, str(entry.actor_id)) == (done, alice.user_id)


async def test_events_replay_is_paged_by_after(world) -> None:
    api, _ = world
    alice = await sign_in(api, "alice@example.com")
    job_id = await finished_job(api, alice.user_id, await add_connection(api, alice.user_id), {"a.json": b"{}"})
    from jiraex_shared.contracts.progress import JobStateChanged, JobWarning
    from jiraex_shared.db.repositories import add_job_event

    async with api.deps.sessions() as session:
        await add_job_event(session, uuid.UUID(job_id), JobStateChanged(job_id=job_id, state="planning"), "1-0")
        await add_job_event(session, uuid.UUID(job_id), JobWarning(job_id=job_id, code="gap", message="m"), "2-0")
        await add_job_event(session, uuid.UUID(job_id), JobStateChanged(job_id=job_id, state="running"), "3-0")
        await session.commit()
    first = (await api.client.get(f"/api/jobs/{job_id}/events", params={"limit": 2}, headers=alice.headers)).json()
    assert [item["type"] for item in first["items"]] == ["job.state_changed", "job.warning"]
    assert first["items"][1]["data"]["code"] == "gap" and first["items"][1]["stream_id"] == "2-0"
    rest = (await api.client.get(f"/api/jobs/{job_id}/events", params={"after": first["next_after"]},
                                 headers=alice.headers)).json()
    assert [item["data"]["state"] for item in rest["items"]] == ["running"] and rest["next_after"] is None


async def _keys(api: ApiHarness, job_id: str) -> AsyncIterator[str]:
    async for stored in api.deps.store.list(f"jobs/{job_id}/"):
        yield stored.key
