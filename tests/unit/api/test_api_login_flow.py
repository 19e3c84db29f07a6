"""Log in with the bootstrapped admin, call as them by bearer token and by cookie, log out."""

from api_harness import ADMIN_EMAIL, ADMIN_PASSWORD, ApiHarness, bearer


async def test_login_returns_a_token_and_the_user(api: ApiHarness) -> None:
    body = await api.login()
    assert body["user"]["email"] == ADMIN_EMAIL
    assert body["user"]["role"] == "admin"
    assert body["token_type"] == "bearer"
    assert len(body["token"]) >= 43
    me = await api.client.get("/api/auth/me", headers=bearer(body["token"]))
    assert me.status_code == 200
    assert me.json()["email"] == ADMIN_EMAIL


async def test_logout_revokes_the_bearer_token(api: ApiHarness) -> None:
    token = (await api.login())["token"]
    assert (await api.client.post("/api/auth/logout", headers=bearer(token))).status_code == 204
    after = await api.client.get("/api/auth/me", headers=bearer(token))
    assert after.status_code == 401
    assert after.headers["content-type"].startswith("application/problem+json")
    assert after.headers["www-authenticate"].startswith("Bearer")


async def test_wrong_password_is_a_401_problem(api: ApiHarness) -> None:
    response = await api.client.post("/api/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD + "x"})
    assert response.status_code == 401
    problem = response.json()
    assert problem["status"] == 401
    assert problem["title"] == "Not authenticated"
    assert problem["instance"] == "/api/auth/login"
