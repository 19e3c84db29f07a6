"""S5, folders and schedules rows: every route × anonymous / owner / other member / admin on the owner's objects.

Anonymous callers get 401, another member gets 404 (a foreign object looks missing), the owner and admins are
allowed (ARCHITECTURE §8). `/metrics` is public by design (aggregates only) and is checked to stay so.
"""

from api_harness import ApiHarness
from jobs_api_helpers import Caller, add_connection, sign_in
from s5_matrix import Callers, Route, check_row, parametrize_rows, signed_in

ROUTES = [
    # Everybody signed in may list and create folders; what each one sees is checked below.
    signed_in("GET", "/api/folders"),
    signed_in("POST", "/api/folders", body={"name": "new {connection}"}, allowed=201),
    Route("PATCH", "/api/folders/{folder}", body={"name": "renamed {connection}"}),
    Route("DELETE", "/api/folders/{folder}", allowed=204),
    signed_in("GET", "/api/schedules"),
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


async def _objects(api: ApiHarness, owner: Caller) -> dict[str, str]:
    connection = await add_connection(api, owner.user_id)
    folder = await api.client.post("/api/folders", json={"name": f"f-{connection[:8]}"}, headers=owner.headers)
    body = {"name": "nightly", "connection_id": connection, "cron": "0 3 * * *", "export": {"jql": "project = A"}}
    schedule = await api.client.post("/api/schedules", json=body, headers=owner.headers)
    assert folder.status_code == 201 and schedule.status_code == 201, (folder.text, schedule.text)
    return {"connection": connection, "folder": folder.json()["id"], "schedule": schedule.json()["id"]}


async def _row_objects(api: ApiHarness, callers: Callers, _route: Route) -> dict[str, str]:
    return await _objects(api, callers.owner)


@parametrize_rows(ROUTES)
async def test_route_matrix(api: ApiHarness, route: Route) -> None:
    await check_row(api, route, _row_objects)


async def test_lists_show_members_only_their_own_and_admins_everything(api: ApiHarness) -> None:
    owner, other = await sign_in(api, "owner@example.com"), await sign_in(api, "other@example.com")
    admin = await sign_in(api, "second-admin@example.com", role="admin")
    objects = await _objects(api, owner)
    api.client.cookies.clear()
    for url, own in (("/api/folders", objects["folder"]), ("/api/schedules", objects["schedule"])):
        assert (await api.client.get(url)).status_code == 401
        listed = {name: [item["id"] for item in (await api.client.get(url, headers=caller.headers)).json()]
                  for name, caller in (("owner", owner), ("other", other), ("admin", admin))}
        assert listed == {"owner": [own], "other": [], "admin": [own]}, url


async def test_cookie_authenticated_changes_need_the_csrf_token(api: ApiHarness) -> None:
    owner = await sign_in(api, "owner@example.com")
    objects = await _objects(api, owner)
    api.client.cookies.clear()
    login = await api.login("owner@example.com", "member-password-123")
    url = "/api/schedules/{schedule}/run".format_map(objects)
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
    for identifier in (owner.user_id, *objects.values(), "owner@example.com"):
        assert identifier not in response.text
    assert (await api.client.get("/api/metrics")).status_code in {401, 404}
