"""S5, connection and admin-config rows: every route × anonymous / owner / other member / admin.

Anonymous callers get 401; another member gets 404 on the owner's connection (a foreign object looks missing);
the owner and admins are allowed (ARCHITECTURE §8). The admin config is for admins only: members get 403.
"""

import base64
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from api_harness import ApiHarness, api_settings, bearer, running_api
from jobs_api_helpers import add_connection, sign_in
from s5_matrix import Callers, Route, admins_only, check_row, parametrize_rows, signed_in

# Loopback and not allow-listed: the test and the field list are refused by the egress guard (or fail to open the
# placeholder credential) without a socket being opened; that answer still shows the caller was authorized.
SITE = "http://127.0.0.1:9"
NEW = {"name": "n", "base_url": "http://10.0.0.9", "auth_type": "bearer", "token": "t0ken"}

ROUTES = [
    signed_in("GET", "/api/connections"),
    signed_in("POST", "/api/connections", body=NEW, allowed=201),
    Route("GET", "/api/connections/{connection}"),
    Route("PATCH", "/api/connections/{connection}", body={"name": "renamed"}),
    Route("DELETE", "/api/connections/{connection}", allowed=204),
    Route("POST", "/api/connections/{connection}/test"),  # ok false: the guard refused the site
    Route("GET", "/api/connections/{connection}/fields", allowed=502),  # authorized, then the guard refused
    admins_only("GET", "/api/admin/config"),
    admins_only("PUT", "/api/admin/config", body={"jira_allowed_hosts": ["10.0.0.0/8"]}),
]


@pytest.fixture
async def keyed(tmp_path: Path) -> AsyncIterator[ApiHarness]:
    settings = api_settings(str(tmp_path), secret_key=base64.b64encode(os.urandom(32)).decode(),
                            jira_allowed_hosts="10.0.0.0/8")
    async with running_api(settings) as harness:
        yield harness


async def _row_objects(api: ApiHarness, callers: Callers, _route: Route) -> dict[str, str]:
    # A fresh connection for every caller: a DELETE must not hide it from the next one.
    return {"connection": await add_connection(api, callers.owner.user_id, base_url=SITE)}


@parametrize_rows(ROUTES)
async def test_route_matrix(keyed: ApiHarness, route: Route) -> None:
    await check_row(keyed, route, _row_objects)


async def test_cookie_authenticated_connection_changes_need_the_csrf_token(keyed: ApiHarness) -> None:
    api = keyed
    owner = await sign_in(api, "owner@example.com")
    connection = await add_connection(api, owner.user_id, base_url=SITE)
    api.client.cookies.clear()
    login = await api.login("owner@example.com", "member-password-123")
    url = f"/api/connections/{connection}"
    assert (await api.client.patch(url, json={"name": "x"})).status_code == 403
    assert (await api.client.delete(url)).status_code == 403
    accepted = await api.client.patch(url, json={"name": "x"}, headers={"X-CSRF-Token": login["csrf_token"]})
    assert accepted.status_code == 200
    admin_login = await api.login()
    refused = await api.client.put("/api/admin/config", json={"jira_allowed_hosts": []})
    assert refused.status_code == 403
    assert (await api.client.get("/api/admin/config", headers=bearer(admin_login["token"]))).status_code == 200
