"""Each user reads and replaces their own preferences object."""

from api_harness import MEMBER_PASSWORD, ApiHarness, bearer


async def test_preferences_round_trip_per_user(api: ApiHarness) -> None:
    admin = (await api.login())["token"]
    await api.add_user("pref@example.com")
    member = (await api.login("pref@example.com", MEMBER_PASSWORD))["token"]
    assert (await api.client.get("/api/me/preferences", headers=bearer(admin))).json() == {}
    saved = await api.client.put(
        "/api/me/preferences", json={"theme": "dark", "formats": ["json", "csv"]}, headers=bearer(admin)
    )
    assert saved.status_code == 200 and saved.json()["theme"] == "dark"
    assert (await api.client.get("/api/me/preferences", headers=bearer(admin))).json()["formats"] == ["json", "csv"]
    assert (await api.client.get("/api/me/preferences", headers=bearer(member))).json() == {}


async def test_preferences_must_be_a_small_object(api: ApiHarness) -> None:
    admin = (await api.login())["token"]
    assert (await api.client.put("/api/me/preferences", json=[1, 2], headers=bearer(admin))).status_code == 400
    huge = {"note": "x" * 20_000}
    response = await api.client.put("/api/me/preferences", json=huge, headers=bearer(admin))
    assert response.status_code == 422
    api.client.cookies.clear()
    assert (await api.client.get("/api/me/preferences")).status_code == 401
