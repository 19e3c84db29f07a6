"""/api/schedules: create with validation naming the field, read, change, enable/resume, delete, run now."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from api_harness import ApiHarness, api_settings, running_api
from jobs_api_helpers import Caller, add_connection, sign_in
from sqlalchemy import select

from jiraex_shared.contracts import ExportRequested
from jiraex_shared.db import Job
from jiraex_shared.db.schedules import Schedule
from jiraex_shared.scheduling.run_spec import timing_of
from jiraex_shared.scheduling.timing import next_slot_after


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[tuple[ApiHarness, list[ExportRequested]]]:
    published: list[ExportRequested] = []

    async def capture(message: ExportRequested) -> None:
        published.append(message)

    async with running_api(api_settings(str(tmp_path)), extra_handlers={ExportRequested: capture}) as api:
        yield api, published


def _body(connection: str, **extra: object) -> dict[str, object]:
    return {"name": "Nightly", "connection_id": connection, "cron": "30 2 * * *", "timezone": "Europe/Berlin",
            "export": {"jql": "project = A", "formats": ["json", "csv"]}, **extra}


async def _create(api: ApiHarness, caller: Caller, connection: str, **extra: object) -> dict:
    response = await api.client.post("/api/schedules", json=_body(connection, **extra), headers=caller.headers)
    assert response.status_code == 201, response.text
    return response.json()


async def _row(api: ApiHarness, schedule_id: str) -> Schedule:
    async with api.deps.sessions() as session:
        return (await session.scalars(select(Schedule).where(Schedule.id == uuid.UUID(schedule_id)))).one()


async def test_create_in_a_dst_zone_computes_the_next_slot_with_the_schedulers_timing(world) -> None:
    api, _ = world
    alice = await sign_in(api, "alice@example.com")
    connection = await add_connection(api, alice.user_id)
    created = await _create(api, alice, connection, recipients=[" Ops@Example.com ", "ops@example.com"])
    assert created["owner_id"] == alice.user_id and created["enabled"] and created["paused_reason"] is None
    assert created["recipients"] == ["Ops@Example.com"]
    assert created["export"]["jql"] == "project = A" and "name" not in created["export"]
    row = await _row(api, created["id"])
    next_run = datetime.fromisoformat(created["next_run_at"])
    assert next_run == next_slot_after(timing_of(row), api.clock.now)
    local = next_run.astimezone(ZoneInfo("Europe/Berlin"))
    assert (local.hour, local.minute) == (2, 30)
    fetched = await api.client.get(f"/api/schedules/{created['id']}", headers=alice.headers)
    assert fetched.status_code == 200 and fetched.json() == created


@pytest.mark.parametrize(("change", "field"), [
    ({"cron": "61 * * * *"}, "$.cron"),
    ({"cron": "* * * * * *"}, "$.cron"),
    ({"cron": "@reboot"}, "$.cron"),
    ({"cron": "0 0 31 2 *"}, "$.cron"),
    ({"cron": None, "interval_seconds": None}, "$.cron"),
    ({"interval_seconds": 3600}, "$.cron"),
    ({"timezone": "Mars/Olympus"}, "$.timezone"),
    ({"name": "   "}, "$.name"),
])
async def test_invalid_timing_is_refused_naming_the_field(world, change: dict, field: str) -> None:
    api, _ = world
    alice = await sign_in(api, "alice@example.com")
    connection = await add_connection(api, alice.user_id)
    response = await api.client.post("/api/schedules", json=_body(connection, **change), headers=alice.headers)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["key"] for error in problem["errors"]] == [field]
    assert (await api.client.get("/api/schedules", headers=alice.headers)).json() == []


@pytest.mark.parametrize("change", [
    {"interval_seconds": 5, "cron": None}, {"recipients": ["not-an-address"]},
    {"export": {"jql": ""}}, {"export": {"jql": "  "}}, {"export": {"jql": "x", "formats": ["pdf"]}},
    {"export": {"jql": "x", "formats": ["json", "json"]}}, {"catch_up": "sometimes"}, {"lookback_seconds": -1},
    {"export": {"jql": "project = A\u0000"}}, {"export": {"jql": "x", "fields": ["summary\u0000"]}},
])
async def test_an_invalid_body_or_spec_is_refused(world, change: dict) -> None:
    api, _ = world
    alice = await sign_in(api, "alice@example.com")
    connection = await add_connection(api, alice.user_id)
    response = await api.client.post("/api/schedules", json=_body(connection, **change), headers=alice.headers)
    assert response.status_code in {400, 422}, response.text
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_foreign_connection_or_folder_is_not_found(world) -> None:
    api, _ = world
    alice, bob = await sign_in(api, "alice@example.com"), await sign_in(api, "bob@example.com")
    bobs = await add_connection(api, bob.user_id)
    response = await api.client.post("/api/schedules", json=_body(bobs), headers=alice.headers)
    assert response.status_code == 404
    folder = (await api.client.post("/api/folders", json={"name": "B"}, headers=bob.headers)).json()
    own = await add_connection(api, alice.user_id)
    response = await api.client.post("/api/schedules", json=_body(own, folder_id=folder["id"]), headers=alice.headers)
    assert response.status_code == 404


async def test_an_interval_schedule_and_switching_timing_recomputes_the_next_run(world) -> None:
    api, _ = world
    alice = await sign_in(api, "alice@example.com")
    connection = await add_connection(api, alice.user_id)
    created = await _create(api, alice, connection, cron=None, interval_seconds=3600, timezone="UTC")
    assert created["cron"] is None and created["interval_seconds"] == 3600
    url = f"/api/schedules/{created['id']}"
    patched = await api.client.patch(url, json={"cron": "0 9 * * 1", "timezone": "America/New_York"},
                                     headers=alice.headers)
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert body["cron"] == "0 9 * * 1" and body["interval_seconds"] is None
    assert datetime.fromisoformat(body["next_run_at"]) == next_slot_after(timing_of(await _row(api, created["id"])),
                                                                          api.clock.now)
    refused = await api.client.patch(url, json={"cron": "nope"}, headers=alice.headers)
    assert refused.status_code == 422 and refused.json()["errors"][0]["key"] == "$.cron"
    renamed = await api.client.patch(url, json={"name": "Weekly", "export": {"jql": "project = B"},
                                               "recipients": ["a@example.com"]}, headers=alice.headers)
    assert renamed.json()["name"] == "Weekly" and renamed.json()["export"]["jql"] == "project = B"
    assert renamed.json()["cron"] == "0 9 * * 1"


async def test_disable_then_enable_resumes_a_paused_schedule(world) -> None:
    api, _ = world
    alice = await sign_in(api, "alice@example.com")
    connection = await add_connection(api, alice.user_id)
    created = await _create(api, alice, connection)
    url = f"/api/schedules/{created['id']}"
    disabled = await api.client.patch(url, json={"enabled": False}, headers=alice.headers)
    assert disabled.json()["enabled"] is False
    async with api.deps.sessions() as session:
        row = (await session.scalars(select(Schedule).where(Schedule.id == uuid.UUID(created["id"])))).one()
        row.paused_reason, row.consecutive_failures, row.enabled = "3 runs failed", 3, True
        row.next_run_at = datetime(2020, 1, 1, tzinfo=UTC)
        await session.commit()
    paused = (await api.client.get(url, headers=alice.headers)).json()
    assert paused["paused_reason"] == "3 runs failed"
    resumed = await api.client.patch(url, json={"enabled": True}, headers=alice.headers)
    body = resumed.json()
    assert body["enabled"] and body["paused_reason"] is None and body["consecutive_failures"] == 0
    assert datetime.fromisoformat(body["next_run_at"]) > api.clock.now


async def test_run_now_creates_one_job_and_publishes_it(world) -> None:
    api, published = world
    alice = await sign_in(api, "alice@example.com")
    connection = await add_connection(api, alice.user_id)
    created = await _create(api, alice, connection, enabled=False)
    response = await api.client.post(f"/api/schedules/{created['id']}/run", headers=alice.headers)
    assert response.status_code == 202, response.text
    job_id = response.json()["job_id"]
    assert response.headers["location"] == f"/api/jobs/{job_id}"
    await api.deps.bus.drain()  # type: ignore[attr-defined]
    [message] = published
    assert (message.job_id, message.schedule_id, message.connection_id) == (job_id, created["id"], connection)
    assert message.name == "Nightly" and message.formats == ("json", "csv")
    async with api.deps.sessions() as session:
        jobs = (await session.scalars(select(Job).where(Job.schedule_id == uuid.UUID(created["id"])))).all()
    assert [str(job.id) for job in jobs] == [job_id] and jobs[0].owner_id == uuid.UUID(alice.user_id)
    listed = (await api.client.get("/api/jobs", params={"schedule_id": created["id"]}, headers=alice.headers)).json()
    assert [item["id"] for item in listed["items"]] == [job_id]


async def test_members_see_only_their_own_and_delete_keeps_the_jobs(world) -> None:
    api, _ = world
    alice, bob = await sign_in(api, "alice@example.com"), await sign_in(api, "bob@example.com")
    admin = await sign_in(api, "root@example.com", role="admin")
    created = await _create(api, alice, await add_connection(api, alice.user_id))
    assert (await api.client.get("/api/schedules", headers=bob.headers)).json() == []
    assert [item["id"] for item in (await api.client.get("/api/schedules", headers=admin.headers)).json()] == [
        created["id"]
    ]
    url = f"/api/schedules/{created['id']}"
    run = await api.client.post(f"{url}/run", headers=alice.headers)
    assert (await api.client.delete(url, headers=bob.headers)).status_code == 404
    assert (await api.client.delete(url, headers=alice.headers)).status_code == 204
    assert (await api.client.get(url, headers=alice.headers)).status_code == 404
    job = (await api.client.get(f"/api/jobs/{run.json()['job_id']}", headers=alice.headers)).json()
    assert job["schedule_id"] is None


async def test_a_schedule_moves_into_a_folder_and_out_again(world) -> None:
    api, _ = world
    alice = await sign_in(api, "alice@example.com")
    folder = (await api.client.post("/api/folders", json={"name": "Nightly"}, headers=alice.headers)).json()
    created = await _create(api, alice, await add_connection(api, alice.user_id))
    url = f"/api/schedules/{created['id']}"
    moved = await api.client.patch(url, json={"folder_id": folder["id"]}, headers=alice.headers)
    assert moved.status_code == 200 and moved.json()["folder_id"] == folder["id"], moved.text
    unchanged = await api.client.patch(url, json={"folder_id": None, "name": "renamed"}, headers=alice.headers)
    assert unchanged.json()["folder_id"] == folder["id"]  # null means "leave it"
    both = await api.client.patch(url, json={"folder_id": folder["id"], "clear_folder": True}, headers=alice.headers)
    assert both.status_code == 422 and both.json()["errors"][0]["key"] == "$.clear_folder"
    cleared = await api.client.patch(url, json={"clear_folder": True}, headers=alice.headers)
    assert cleared.status_code == 200 and cleared.json()["folder_id"] is None
