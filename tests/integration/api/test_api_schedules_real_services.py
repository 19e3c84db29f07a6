"""Schedules and /metrics on real PostgreSQL and RabbitMQ: create a schedule, run it now, find the command queued."""

import uuid
from datetime import datetime

import pytest
from api_harness import ApiHarness
from jobs_api_helpers import add_connection, sign_in, take_export_requested
from sqlalchemy import select

from jiraex_shared.db.schedules import Schedule
from jiraex_shared.scheduling.run_spec import timing_of
from jiraex_shared.scheduling.timing import next_slot_after

pytestmark = pytest.mark.integration


async def test_run_now_publishes_export_requested_on_rabbitmq(fleet_api: ApiHarness, rabbitmq_url: str) -> None:
    alice = await sign_in(fleet_api, "alice@example.com")
    connection = await add_connection(fleet_api, alice.user_id)
    folder = (await fleet_api.client.post("/api/folders", json={"name": "Reports"}, headers=alice.headers)).json()
    body = {"name": "Nightly", "connection_id": connection, "folder_id": folder["id"], "cron": "30 2 * * *",
            "timezone": "America/New_York", "export": {"jql": "project = A", "formats": ["json"]},
            "recipients": ["ops@example.com"]}
    created = await fleet_api.client.post("/api/schedules", json=body, headers=alice.headers)
    assert created.status_code == 201, created.text
    schedule = created.json()
    async with fleet_api.deps.sessions() as session:
        row = (await session.scalars(select(Schedule).where(Schedule.id == uuid.UUID(schedule["id"])))).one()
        assert row.next_run_at == next_slot_after(timing_of(row), fleet_api.clock.now)
    assert datetime.fromisoformat(schedule["next_run_at"]) == row.next_run_at
    run = await fleet_api.client.post(f"/api/schedules/{schedule['id']}/run", headers=alice.headers)
    assert run.status_code == 202, run.text
    job_id = run.json()["job_id"]
    message = await take_export_requested(rabbitmq_url)
    assert (message.job_id, message.schedule_id, message.folder_id, message.requested_by) == (
        job_id, schedule["id"], folder["id"], alice.user_id
    )
    assert message.name == "Nightly" and message.jql == "project = A" and message.formats == ("json",)
    job = (await fleet_api.client.get(f"/api/jobs/{job_id}", headers=alice.headers)).json()
    assert job["state"] == "queued" and job["schedule_id"] == schedule["id"]
    metrics = await fleet_api.client.get("/metrics")
    assert metrics.status_code == 200 and 'jiraex_jobs{state="queued"} 1' in metrics.text
    url = f"/api/schedules/{schedule['id']}"
    change = {"enabled": False, "interval_seconds": 900}
    disabled = await fleet_api.client.patch(url, json=change, headers=alice.headers)
    assert disabled.status_code == 200, disabled.text
    assert disabled.json()["enabled"] is False and disabled.json()["cron"] is None
    enabled = await fleet_api.client.patch(url, json={"enabled": True}, headers=alice.headers)
    assert enabled.json()["enabled"] is True and enabled.json()["paused_reason"] is None
    deleted = await fleet_api.client.delete(f"/api/schedules/{schedule['id']}", headers=alice.headers)
    assert deleted.status_code == 204
    assert (await fleet_api.client.get(f"/api/jobs/{job_id}", headers=alice.headers)).json()["schedule_id"] is None

