"""U+0000 in any text a client sends is a clear 4xx on PostgreSQL (which refuses it in text and JSONB), never a 500."""

import base64
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from api_harness import ADMIN_EMAIL, ApiHarness, api_settings, bearer, running_api
from jobs_api_helpers import add_connection, finished_job, sign_in

from jiraex_api.nul_guard import MESSAGE

pytestmark = pytest.mark.integration
NUL = "\x00"
NEW_PASSWORD = "a long enough password"
CONNECTION = {"name": "Jira", "base_url": "https://example.atlassian.net", "auth_type": "basic",
              "email": "me@example.com", "token": "t0ken"}

# (who, method, url, body): "anonymous", "member" or "admin"; {connection} and {job} are the member's.
CASES = [
    ("anonymous", "POST", "/api/auth/login", {"email": f"a{NUL}@example.com", "password": "x"}),
    ("anonymous", "POST", "/api/auth/login", {"email": ADMIN_EMAIL, "password": f"x{NUL}"}),
    ("anonymous", "POST", "/api/auth/password-reset", {"email": f"a{NUL}@example.com"}),
    ("anonymous", "POST", "/api/auth/password-reset/confirm", {"token": f"t{NUL}", "password": NEW_PASSWORD}),
    ("anonymous", "POST", "/api/auth/invitations/accept", {"token": f"t{NUL}", "password": NEW_PASSWORD}),
    ("admin", "POST", "/api/users", {"email": f"new{NUL}@example.com"}),
    ("admin", "PUT", "/api/admin/config", {"jira_allowed_hosts": [f"exa{NUL}mple.com"]}),
    ("member", "PUT", "/api/me/preferences", {"theme": f"da{NUL}rk"}),
    ("member", "PUT", "/api/me/preferences", {f"the{NUL}me": "dark"}),
    ("member", "PUT", "/api/me/preferences", {"nested": {"list": ["ok", f"n{NUL}"]}}),
    *[("member", "POST", "/api/connections", {**CONNECTION, field: f"x{NUL}y"})
      for field in ("name", "base_url", "email", "token")],
    ("member", "PATCH", "/api/connections/{connection}", {"name": f"x{NUL}y"}),
    ("member", "PATCH", "/api/connections/{connection}", {"username": f"x{NUL}y", "auth_type": "basic",
                                                          "token": "t"}),
    ("member", "POST", "/api/folders", {"name": f"a{NUL}b"}),
    ("member", "POST", "/api/schedules", {"name": f"n{NUL}", "connection_id": "{connection}", "cron": "@daily",
                                          "export": {"jql": "x"}}),
    ("member", "POST", "/api/schedules", {"name": "n", "connection_id": "{connection}", "cron": "@daily",
                                          "export": {"jql": f"x{NUL}"}, "recipients": [f"a{NUL}@example.com"]}),
    ("member", "POST", "/api/export", {"connection_id": "{connection}", "jql": f"x{NUL}"}),
    # Paths and queries reach the database too (a file is looked up by its path in the job's rows).
    ("member", "GET", "/api/jobs/{job}/files/issues%00.json", None),
    ("member", "GET", "/api/jobs?cursor=%00", None),
]


@pytest.fixture
async def pg_api(tmp_path: Path, pg_url: str) -> AsyncIterator[ApiHarness]:
    secret = base64.b64encode(os.urandom(32)).decode()
    async with running_api(api_settings(str(tmp_path), database_url=pg_url, secret_key=secret)) as api:
        yield api


@pytest.mark.parametrize(("who", "method", "url", "body"), CASES,
                         ids=[f"{method} {url} {sorted(body or ())}" for _, method, url, body in CASES])
async def test_nul_in_text_is_refused_not_a_server_error(
    pg_api: ApiHarness, who: str, method: str, url: str, body: dict | None
) -> None:
    member = await sign_in(pg_api, "member@example.com")
    headers = {
        "anonymous": {}, "member": member.headers, "admin": bearer((await pg_api.login())["token"]),
    }[who]
    pg_api.client.cookies.clear()  # bearer only: no CSRF token needed
    connection = await add_connection(pg_api, member.user_id)
    job = await finished_job(pg_api, member.user_id, connection, {"issues.json": b"[]"})
    url = url.format(connection=connection, job=job)
    if body is not None:
        body = {key: connection if value == "{connection}" else value for key, value in body.items()}
    response = await pg_api.client.request(method, url, json=body, headers=headers)
    # Refused at the door by the NUL guard (a 404 or 401 here would mean the case tested nothing).
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [error["message"] for error in response.json()["errors"]] == [MESSAGE]
    # Nothing was half-written: the API still answers this caller normally.
    if who != "anonymous":
        assert (await pg_api.client.get("/api/auth/me", headers=headers)).status_code == 200
