"""S5, exports/jobs/files/stream rows: every route × anonymous / owner / other member / admin on the owner's objects.

Anonymous callers get 401, another member gets 404 (a foreign object looks missing), the owner and admins are
allowed (ARCHITECTURE §8: members see their own jobs, admins see all).
"""

from api_harness import ApiHarness
from jobs_api_helpers import add_connection, finished_job, sign_in
from s5_matrix import Callers, Route, check_row, parametrize_rows, signed_in

# ``given`` is the state the owner's job is in.
ROUTES = [
    Route("POST", "/api/export", body={"connection_id": "{connection}", "jql": "project = A"}, allowed=202),
    # Authorized, then refused for want of JIRA_EXTRACTOR_SECRET_KEY (no Jira call in this matrix).
    Route("POST", "/api/export/preflight", body={"connection_id": "{connection}", "jql": "x"}, allowed=503),
    # Everybody signed in may list; what each one sees is checked below.
    signed_in("GET", "/api/jobs"),
    Route("GET", "/api/jobs/{job}"),
    Route("POST", "/api/jobs/{job}/cancel", given="running", allowed=202),
    Route("POST", "/api/jobs/{job}/retry", given="failed", allowed=202),
    Route("DELETE", "/api/jobs/{job}", allowed=204),
    Route("GET", "/api/jobs/{job}/events"),
    Route("GET", "/api/jobs/{job}/stream"),
    Route("GET", "/api/jobs/{job}/files"),
    Route("GET", "/api/jobs/{job}/files/issues.json"),
    Route("GET", "/api/jobs/{job}/archive"),
]


async def _objects(api: ApiHarness, owner_id: str, state: str) -> dict[str, str]:
    connection = await add_connection(api, owner_id)
    job = await finished_job(api, owner_id, connection, {"issues.json": b"[]"}, state=state, archive=b"PK")
    return {"connection": connection, "job": job}


async def _row_objects(api: ApiHarness, callers: Callers, route: Route) -> dict[str, str]:
    return await _objects(api, callers.owner.user_id, route.given or "succeeded")


@parametrize_rows(ROUTES)
async def test_route_matrix(api: ApiHarness, route: Route) -> None:
    await check_row(api, route, _row_objects)


async def test_job_list_shows_members_only_their_own_and_admins_everything(api: ApiHarness) -> None:
    owner, other = await sign_in(api, "owner@example.com"), await sign_in(api, "other@example.com")
    admin = await sign_in(api, "second-admin@example.com", role="admin")
    objects = await _objects(api, owner.user_id, "succeeded")
    api.client.cookies.clear()
    assert (await api.client.get("/api/jobs")).status_code == 401
    listed = {name: [item["id"] for item in (await api.client.get("/api/jobs", headers=caller.headers)).json()["items"]]
              for name, caller in (("owner", owner), ("other", other), ("admin", admin))}
    assert listed == {"owner": [objects["job"]], "other": [], "admin": [objects["job"]]}
    # A filter naming the owner's connection does not widen another member's view.
    foreign = await api.client.get("/api/jobs", params={"connection_id": objects["connection"]}, headers=other.headers)
    assert foreign.json()["items"] == []


async def test_cookie_authenticated_changes_need_the_csrf_token(api: ApiHarness) -> None:
    owner = await sign_in(api, "owner@example.com")
    url = "/api/jobs/{job}/cancel".format_map(await _objects(api, owner.user_id, "running"))
    api.client.cookies.clear()
    login = await api.login("owner@example.com", "member-password-123")
    refused = await api.client.post(url)
    assert refused.status_code == 403
    accepted = await api.client.post(url, headers={"X-CSRF-Token": login["csrf_token"]})
    assert accepted.status_code == 202
