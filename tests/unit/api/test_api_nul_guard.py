"""The NUL guard refuses the JSON escape of U+0000 and %00, and nothing that merely looks like them."""

import json
import uuid

from api_harness import ApiHarness, bearer
from jobs_api_helpers import sign_in

from jiraex_api.nul_guard import _ESCAPED_NUL, MESSAGE


def test_only_a_real_escape_counts() -> None:
    assert _ESCAPED_NUL.search(json.dumps({"a": "x\x00y"}).encode())
    assert _ESCAPED_NUL.search(b'{"a": "\\\\\\u0000"}')  # an escaped backslash, then the escape
    assert not _ESCAPED_NUL.search(json.dumps({"a": "x\\u0000y"}).encode())  # the six characters \u0000
    assert not _ESCAPED_NUL.search(b"{\"a\": \"\\u0001\"}")


async def test_text_that_spells_the_escape_is_stored_as_written(api: ApiHarness) -> None:
    alice = await sign_in(api, "alice@example.com")
    api.client.cookies.clear()
    created = await api.client.post("/api/folders", json={"name": "a\\u0000b"}, headers=alice.headers)
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "a\\u0000b"


async def test_a_nul_is_refused_naming_where_it_was(api: ApiHarness) -> None:
    admin = bearer((await api.login())["token"])
    api.client.cookies.clear()
    schedule = {"name": "n", "cron": "@daily", "connection_id": str(uuid.uuid4()), "export": {"jql": "x"},
                "recipients": ["a@example.com", "b\x00@example.com"]}
    for response, status, key, source in [
        (await api.client.post("/api/folders", json={"name": "a\x00b"}, headers=admin), 400, "$.name", "body"),
        (await api.client.post("/api/schedules", json=schedule, headers=admin), 400, "$.recipients[1]", "body"),
        (await api.client.put("/api/me/preferences", json={"k\x00": 1}, headers=admin), 400, "$", "body"),
        (await api.client.get("/api/jobs?cursor=%00", headers=admin), 400, "$", "query"),
        (await api.client.get(f"/api/jobs/{uuid.uuid4()}/files/a%00b", headers=admin), 400, "$", "path"),
    ]:
        assert response.status_code == status, response.text
        assert response.json()["errors"] == [{"message": MESSAGE, "key": key, "source": source}]
