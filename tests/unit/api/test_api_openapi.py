"""The OpenAPI document at /api/schema lists every route with typed bodies and problem+json errors."""

from api_harness import ApiHarness

EXPECTED = {
    ("POST", "/api/auth/login"), ("POST", "/api/auth/logout"), ("GET", "/api/auth/me"),
    ("POST", "/api/auth/password-reset"), ("POST", "/api/auth/password-reset/confirm"),
    ("POST", "/api/auth/invitations/accept"), ("GET", "/api/users"), ("POST", "/api/users"),
    ("PATCH", "/api/users/{user_id}"), ("DELETE", "/api/users/{user_id}"), ("GET", "/api/me/preferences"),
    ("PUT", "/api/me/preferences"), ("GET", "/healthz"), ("GET", "/readyz"),
    ("POST", "/api/export"), ("POST", "/api/export/preflight"), ("GET", "/api/jobs"), ("GET", "/api/jobs/{job_id}"),
    ("POST", "/api/jobs/{job_id}/cancel"), ("POST", "/api/jobs/{job_id}/retry"), ("DELETE", "/api/jobs/{job_id}"),
    ("GET", "/api/jobs/{job_id}/events"), ("GET", "/api/jobs/{job_id}/stream"), ("GET", "/api/jobs/{job_id}/files"),
    ("GET", "/api/jobs/{job_id}/files/{path}"), ("GET", "/api/jobs/{job_id}/archive"),
    ("GET", "/api/connections"), ("POST", "/api/connections"), ("GET", "/api/connections/{connection_id}"),
    ("PATCH", "/api/connections/{connection_id}"), ("DELETE", "/api/connections/{connection_id}"),
    ("POST", "/api/connections/{connection_id}/test"), ("GET", "/api/connections/{connection_id}/fields"),
    ("GET", "/api/admin/config"), ("PUT", "/api/admin/config"),
    ("GET", "/api/folders"), ("POST", "/api/folders"), ("PATCH", "/api/folders/{folder_id}"),
    ("DELETE", "/api/folders/{folder_id}"), ("GET", "/api/schedules"), ("POST", "/api/schedules"),
    ("GET", "/api/schedules/{schedule_id}"), ("PATCH", "/api/schedules/{schedule_id}"),
    ("DELETE", "/api/schedules/{schedule_id}"), ("POST", "/api/schedules/{schedule_id}/run"), ("GET", "/metrics"),
}
# Actions named by their path alone: they take no body.
BODYLESS = {
    "/api/auth/logout", "/api/jobs/{job_id}/cancel", "/api/jobs/{job_id}/retry",
    "/api/connections/{connection_id}/test", "/api/schedules/{schedule_id}/run",
}


async def test_schema_lists_every_route_with_typed_responses(api: ApiHarness) -> None:
    response = await api.client.get("/api/schema/openapi.json")
    assert response.status_code == 200
    document = response.json()
    operations = {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert operations.keys() >= EXPECTED
    for (method, path), operation in operations.items():
        for status, answer in operation["responses"].items():
            if int(status) >= 400:
                assert list(answer["content"]) == ["application/problem+json"], (method, path, status)
            elif int(status) not in {204} and answer.get("content"):
                schema = next(iter(answer["content"].values()))["schema"]
                assert schema, (method, path, status)
        if method in {"POST", "PUT", "PATCH"} and path not in BODYLESS:
            assert "requestBody" in operation, (method, path)
    login = operations[("POST", "/api/auth/login")]
    assert "security" not in login
    assert operations[("GET", "/api/auth/me")]["security"] == [{"bearer": []}, {"session": []}]
    assert operations[("GET", "/api/users")]["security"] == [{"bearer": []}, {"session": []}]
    assert {"LoginRequest", "LoginResponse", "Problem", "UserOut"} <= document["components"]["schemas"].keys()
