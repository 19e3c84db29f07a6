"""S5, exports/jobs/files/stream rows: every route × anonymous / owner / other member / admin on the owner's objects.

Anonymous callers get 401, another member gets 404 (a foreign object looks missing), the owner and admins are
allowed (ARCHITECTURE §8: members see their own jobs, admins see all).
"""

from dataclasses import dataclass

import pytest
from api_harness import ApiHarness
from jobs_api_helpers import Caller, add_connection, finished_job, sign_in


@dataclass(frozen=True)
class Objects:
    connection: str
    job: str


@dataclass(frozen=True)
class Route:
    method: str
    url: str  # formatted with the Objects' fields
    state: str = "succeeded"  # the owner's job is in this state
    body: dict | None = None
    allowed: int = 200


ROUTES = [
    Route("POST", "/api/export", body={"connection_id": "{connection}", "jql": "project = A"}, allowed=202),
    # Authorized, then refused for want of JIRA_EXTRACTOR_SECRET_KEY (no Jira call in this matrix).
    Route("POST", "/api/export/preflight", body={"connection_id": "{connection}", "jql": "x"}, allowed=503),
    Route("GET", "/api/jobs/{job}"),
    Route("POST", "/api/jobs/{job}/cancel", state="running", allowed=202),
    Route("POST", "/api/jobs/{job}/retry", state="failed", allowed=202),
    Route("DELETE", "/api/jobs/{job}", allowed=204),
    Route("GET", "/api/jobs/{job}/events"),
    Route("GET", "/api/jobs/{job}/stream"),
    Route("GET", "/api/jobs/{job}/files"),
    Route("GET", "/api/jobs/{job}/files/issues.json"),
    Route("GET", "/api/jobs/{job}/archive"),
]
EXPECTED = {"anonymous": 401, "other member": 404}


async def _objects(api: ApiHarness, owner: Caller, state: str) -> Objects:
    connection = await add_connection(api, owner.user_id)
    job = await finished_job(api, owner.user_id, connection, {"issues.json": b"[]"}, state=state, archive=b"PK")
    return Objects(connection, job)


def _format(value: object, objects: Objects) -> object:
    if isinstance(value, str):
        return value.format(connection=objects.connection, job=objects.job)
    if isinstance(value, dict):
        return {key: _format(item, objects) for key, item in value.items()}
    return value


@pytest.mark.parametrize("route", ROUTES, ids=[f"{route.method} {route.url}" for route in ROUTES])
async def test_route_matrix(api: ApiHarness, route: Route) -> None:
    owner, other = await sign_in(api, "owner@example.com"), await sign_in(api, "other@example.com")
    admin = await sign_in(api, "second-admin@example.com", role="admin")
    callers = {"anonymous": {}, "other member": other.headers, "owner": owner.headers, "admin": admin.headers}
    for name, headers in callers.items():
        objects = await _objects(api, owner, route.state)  # fresh objects: a DELETE must not hide a later row
        api.client.cookies.clear()  # bearer only: the logins left a cookie behind
        response = await api.client.request(
            route.method, str(_format(route.url, objects)), headers=headers,
            json=_format(route.body, objects) if route.body is not None else None,
        )
        expected = EXPECTED.get(name, route.allowed)
        assert response.status_code == expected, (name, response.status_code, response.text[:300])
        if expected >= 400:
            assert response.headers["content-type"] == "application/problem+json"


async def test_job_list_shows_members_only_their_own_and_admins_everything(api: ApiHarness) -> None:
    owner, other = await sign_in(api, "owner@example.com"), await sign_in(api, "other@example.com")
    admin = await sign_in(api, "second-admin@example.com", role="admin")
    objects = await _objects(api, owner, "succeeded")
    api.client.cookies.clear()
    assert (await api.client.get("/api/jobs")).status_code == 401
    listed = {name: [item["id"] for item in (await api.client.get("/api/jobs", headers=caller.headers)).json()["items"]]
              for name, caller in (("owner", owner), ("other", other), ("admin", admin))}
    assert listed == {"owner": [objects.job], "other": [], "admin": [objects.job]}
    # A filter naming the owner's connection does not widen another member's view.
    foreign = await api.client.get("/api/jobs", params={"connection_id": objects.connection}, headers=other.headers)
    assert foreign.json()["items"] == []


async def test_cookie_authenticated_changes_need_the_csrf_token(api: ApiHarness) -> None:
    owner = await sign_in(api, "owner@example.com")
    objects = await _objects(api, owner, "running")
    api.client.cookies.clear()
    login = await api.login("owner@example.com", "member-password-123")
    refused = await api.client.post(f"/api/jobs/{objects.job}/cancel")
    assert refused.status_code == 403
    accepted = await api.client.post(f"/api/jobs/{objects.job}/cancel", headers={"X-CSRF-Token": login["csrf_token"]})
    assert accepted.status_code == 202
