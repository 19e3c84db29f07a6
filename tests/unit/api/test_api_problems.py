"""Every error is an RFC 9457 problem document: unknown routes, wrong methods, invalid bodies, server faults."""

from api_harness import ApiHarness, bearer
from sqlalchemy import text

PROBLEM = "application/problem+json"


async def test_unknown_route_is_a_404_problem(api: ApiHarness) -> None:
    response = await api.client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["status"] == 404


async def test_wrong_method_is_a_405_problem_with_allow(api: ApiHarness) -> None:
    response = await api.client.delete("/api/auth/login")
    assert response.status_code == 405
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "POST" in response.headers["allow"]


async def test_invalid_body_names_the_field(api: ApiHarness) -> None:
    response = await api.client.post("/api/auth/login", json={"email": "a@b.c", "password": 12})
    assert response.status_code == 400
    problem = response.json()
    assert response.headers["content-type"].startswith(PROBLEM)
    assert problem["errors"][0]["key"] == "password"
    assert problem["errors"][0]["source"] == "body"


async def test_malformed_json_is_a_400_problem(api: ApiHarness) -> None:
    response = await api.client.post(
        "/api/auth/login", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(PROBLEM)


async def test_unknown_fields_are_ignored_and_grant_nothing(api: ApiHarness) -> None:
    admin = (await api.login())["token"]
    body = {"email": "plain@example.com", "role": "member", "active": False, "password_hash": "x"}
    invited = await api.client.post("/api/users", json=body, headers={"Authorization": f"Bearer {admin}"})
    assert invited.status_code == 201
    assert invited.json()["role"] == "member"


async def test_options_on_an_admin_route_is_not_a_server_error(api: ApiHarness) -> None:
    response = await api.client.options("/api/users")
    assert response.status_code < 500


async def test_a_server_fault_is_a_500_problem_without_a_traceback(api: ApiHarness) -> None:
    token = (await api.login())["token"]
    async with api.deps.engine.begin() as connection:
        await connection.execute(text("DROP TABLE invitations"))
    response = await api.client.post(
        "/api/users", json={"email": "new@example.com", "role": "member"}, headers=bearer(token)
    )
    assert response.status_code == 500
    problem = response.json()
    assert problem["detail"] == "an unexpected error occurred; the server log has the details"
    assert "Traceback" not in response.text and "invitations" not in response.text
    assert problem["request_id"] == response.headers["x-request-id"]
