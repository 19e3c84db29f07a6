"""S5, folders and schedules rows: every route × anonymous / owner / other member / admin on the owner's objects.

Anonymous callers get 401, another member gets 404 (a foreign object looks missing), the owner and admins are
allowed (ARCHITECTURE §8). `/metrics` is public by design (aggregates only) and is checked to stay so.
"""

from dataclasses import dataclass

import pytest
from api_harness import ApiHarness
from jobs_api_helpers import Caller, add_connection, sign_in


@dataclass(frozen=True)
class Objects:
    connection: str
    folder: str
    schedule: str


@dataclass(frozen=True)
class Route:
    method: str
    url: str  # formatted with the Objects' fields
    body: dict | None = None
    allowed: int = 200


ROUTES = [
    Route("PATCH", "/api/folders/{folder}", body={"name": "renamed {connection}"}),
    Route("DELETE", "/api/folders/{folder}", allowed=204),
    Route("GET", "/api/schedules/{schedule}"),
    Route("PATCH", "/api/schedules/{schedule}", body={"enabled": False}),
    Route("DELETE", "/api/schedules/{schedule}", allowed=204),
    Route("POST", "/api/schedules/{schedule}/run", allowed=202),
    # Creating on the owner's connection or into the owner's folder: another member must not be able to.
    Route("POST", "/api/schedules", allowed=201, body={
        "name": "s", "connection_id": "{connection}", "cron": "@daily", "export": {"jql": "project = A"}}),
    Route("POST", "/api/schedules", allowed=201, body={
        "name": "s", "connection_id": "{connection}", "folder_id": "{folder}", "interval_seconds": 3600,
        "export": {"jql": "project = A"}}),
]
EXPECTED = {"anonymous": 401, "other member": 404}


async def _objects(api: ApiHarness, owner: Caller) -> Objects:
    connection = await add_connection(api, owner.user_id)
    folder = await api.client.post("/api/folders", json={"name": f"f-{connection[:8]}"}, headers=owner.headers)
    body = {"name": "nightly", "connection_id": connection, "cron": "0 3 * * *", "export": {"jql": "project = A"}}
    schedule = await api.client.post("/api/schedules", json=body, headers=owner.headers)
    assert folder.status_code == 201 and schedule.status_code == 201, (folder.text, schedule.text)
    return Objects(connection, folder.json()["id"], schedule.json()["id"])


def _format(value: object, objects: Objects) -> object:
    if isinstance(value, str):
        return value.format(connection=objects.connection, folder=objects.folder, schedule=objects.schedule)
    if isinstance(value, dict):
        return {key: _format(item, objects) for key, item in value.items()}
    return value


@pytest.mark.parametrize("route", ROUTES, ids=[f"{route.method} {route.url} {i}" for i, route in enumerate(ROUTES)])
async def test_route_matrix(api: ApiHarness, route: Route) -> None:
    owner, other = await sign_in(api, "owner@example.com"), await sign_in(api, "other@example.com")
    admin = await sign_in(api, "second-admin@example.com", role="admin")
    callers = {"anonymous": {}, "other member": other.headers, "owner": owner.headers, "admin": admin.headers}
    for name, headers in callers.items():
        api.client.cookies.clear()
        objects = await _objects(api, owner)  # fresh objects: a DELETE must not hide a later row
        api.client.cookies.clear()  # bearer only: the logins left a cookie behind
        response = await api.client.request(
            route.method, str(_format(route.url, objects)), headers=headers,
            json=_format(route.body, objects) if route.body is not None else None,
        )
        expected = EXPECTED.get(name, route.allowed)
        assert response.status_code == expected, (name, response.status_code, response.text[:300])
        if expected >= 400:
            assert response.headers["content-type"] == "application/problem+json"


async def test_lists_show_members_only_their_own_and_admins_everything(api: ApiHarness) -> None:
    owner, other = await sign_in(api, "owner@example.com"), await sign_in(api, "other@example.com")
    admin = await sign_in(api, "second-admin@example.com", role="admin")
    objects = await _objects(api, owner)
    api.client.cookies.clear()
    for url, own in (("/api/folders", objects.folder), ("/api/schedules", objects.schedule)):
        assert (await api.client.get(url)).status_code == 401
        listed = {name: [item["id"] for item in (await api.client.get(url, headers=caller.headers)).json()]
                  for name, caller in (("owner", owner), ("other", other), ("admin", admin))}
        assert listed == {"owner": [own], "other": [], "admin": [own]}, url


async def test_cookie_authenticated_changes_need_the_csrf_token(api: ApiHarness) -> None:
    owner = await sign_in(api, "owner@example.com")
    objects = await _objects(api, owner)
    api.client.cookies.clear()
    login = await api.login("owner@example.com", "member-password-123")
    url = f"/api/schedules/{objects.schedule}/run"
    assert (await api.client.post(url)).status_code == 403
    assert (await api.client.post("/api/folders", json={"name": "x"})).status_code == 403
    accepted = await api.client.post(url, headers={"X-CSRF-Token": login["csrf_token"]})
    assert accepted.status_code == 202


async def test_metrics_are_public_and_carry_no_identifiers(api: ApiHarness) -> None:
    owner = await sign_in(api, "owner@example.com")
    objects = await _objects(api, owner)
    api.client.cookies.clear()
    response = await api.client.get("/metrics")
    assert response.status_code == 200
    for identifier in (owner.user_id, objects.connection, objects.folder, objects.schedule, "owner@example.com"):
        assert identifier not in response.text
    assert (await api.client.get("/api/metrics")).status_code in {401, 404}
