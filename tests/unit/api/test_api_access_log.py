"""Each response carries a request id; a proxy's id is kept when it is safe to log, replaced otherwise."""

from api_harness import ApiHarness


async def test_a_request_id_is_generated(api: ApiHarness) -> None:
    response = await api.client.get("/healthz")
    assert len(response.headers["x-request-id"]) == 32


async def test_a_safe_incoming_id_is_kept_and_an_unsafe_one_replaced(api: ApiHarness) -> None:
    kept = await api.client.get("/healthz", headers={"X-Request-ID": "edge-42.a_b"})
    assert kept.headers["x-request-id"] == "edge-42.a_b"
    replaced = await api.client.get("/healthz", headers={"X-Request-ID": "bad id\twith=stuff"})
    assert replaced.headers["x-request-id"] != "bad id\twith=stuff"


async def test_an_authentication_failure_still_carries_the_id(api: ApiHarness) -> None:
    response = await api.client.get("/api/auth/me", headers={"X-Request-ID": "probe-1"})
    assert response.status_code == 401
    assert response.headers["x-request-id"] == "probe-1"
    assert response.json()["request_id"] == "probe-1"
