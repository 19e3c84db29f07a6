"""S10: the job stream is authorized like the job, and a live stream ends when that authorization does."""

import asyncio
import uuid
from collections.abc import Awaitable, Callable

import httpx
import pytest
from api_harness import ADMIN_EMAIL, MEMBER_PASSWORD, ApiHarness
from jobs_api_helpers import Caller, add_connection, finished_job, served, sign_in
from sse_parsing import SseEvent, sse_events

from jiraex_api.repositories.job_rows import delete_job_row
from jiraex_api.services.job_stream import StreamTimings


async def _job(api: ApiHarness, state: str = "succeeded") -> tuple[str, Caller]:
    alice = await sign_in(api, "alice@example.com")
    return await finished_job(api, alice.user_id, await add_connection(api, alice.user_id), {}, state=state), alice


async def test_anonymous_is_401_another_member_404_the_admin_and_owner_200(api: ApiHarness) -> None:
    job_id, alice = await _job(api)
    bob = await sign_in(api, "bob@example.com")
    admin = await api.login()
    url = f"/api/jobs/{job_id}/stream"
    api.client.cookies.clear()
    anonymous = await api.client.get(url)
    assert anonymous.status_code == 401 and anonymous.headers["content-type"] == "application/problem+json"
    assert (await api.client.get(url, headers={"Authorization": "Bearer not-a-token"})).status_code == 401
    missing_id = str(uuid.uuid4())
    missing = await api.client.get(f"/api/jobs/{missing_id}/stream", headers=bob.headers)
    assert missing.status_code == 404
    for headers in (bob.headers, {**bob.headers, "Last-Event-ID": "0-0"}):
        foreign = await api.client.get(url, headers=headers)
        # A foreign job answers exactly as a missing one does: its existence cannot be probed.
        assert foreign.status_code == 404
        assert foreign.json()["detail"].replace(job_id, "?") == missing.json()["detail"].replace(missing_id, "?")
    for headers in (alice.headers, {"Authorization": f"Bearer {admin['token']}"}):
        response = await api.client.get(url, headers=headers)
        assert response.status_code == 200 and "event: job.snapshot" in response.text


async def test_a_session_cookie_opens_the_stream_as_a_browser_would(api: ApiHarness) -> None:
    job_id, _ = await _job(api)
    api.client.cookies.clear()
    await api.login("alice@example.com", MEMBER_PASSWORD)  # sets the session cookie; GET needs no CSRF token
    response = await api.client.get(f"/api/jobs/{job_id}/stream")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")


async def _logout(api: ApiHarness, client: httpx.AsyncClient, job_id: str, caller: Caller) -> None:
    assert (await client.post("/api/auth/logout", headers=caller.headers)).status_code == 204


async def _deactivate(api: ApiHarness, client: httpx.AsyncClient, job_id: str, caller: Caller) -> None:
    admin = await api.login(ADMIN_EMAIL)
    response = await client.patch(f"/api/users/{caller.user_id}", json={"active": False},
                                  headers={"Authorization": f"Bearer {admin['token']}"})
    assert response.status_code == 200, response.text


async def _delete_job(api: ApiHarness, client: httpx.AsyncClient, job_id: str, caller: Caller) -> None:
    """The row goes while the job still runs (a deleted owner, an operator): the stream is silent, so only the
    re-check can notice."""
    async with api.deps.sessions() as session:
        await delete_job_row(session, uuid.UUID(job_id))
        await session.commit()


Revocation = Callable[[ApiHarness, httpx.AsyncClient, str, Caller], Awaitable[None]]


@pytest.mark.parametrize("revoke", [_logout, _deactivate, _delete_job], ids=["logout", "deactivated", "deleted"])
async def test_a_live_stream_ends_when_access_ends(api: ApiHarness, revoke: Revocation) -> None:
    job_id, alice = await _job(api, state="running")
    api.app.state.stream_timings = StreamTimings(heartbeat_seconds=0.1, recheck_seconds=0.2)
    received: list[SseEvent] = []
    async with served(api.app) as base, httpx.AsyncClient(base_url=base, timeout=20) as client:

        async def follow() -> None:
            async with client.stream("GET", f"/api/jobs/{job_id}/stream", headers=alice.headers) as response:
                assert response.status_code == 200
                async for event in sse_events(response.aiter_lines()):
                    received.append(event)

        task = asyncio.create_task(follow())
        for _ in range(500):
            if any(event.comments for event in received):
                break
            await asyncio.sleep(0.01)
        assert received and received[0].event == "job.snapshot"
        await revoke(api, client, job_id, alice)
        await asyncio.wait_for(task, 10)  # the server ended the stream on its next re-check
    assert [event.event for event in received if event.data] == ["job.snapshot"]
