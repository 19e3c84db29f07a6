"""The API on real PostgreSQL, Redis, RabbitMQ and S3: ready, log in and out, reset e-mails reach the broker."""

from pathlib import Path

import aio_pika
import pytest
from api_harness import ADMIN_EMAIL, ApiHarness, api_settings, bearer, running_api
from sqlalchemy import text

from jiraex_shared.contracts import decode_command
from jiraex_shared.contracts.notifications import SendEmail
from jiraex_shared.contracts.topology import NOTIFICATIONS_QUEUE

pytestmark = pytest.mark.integration


async def test_readiness_checks_every_real_dependency(fleet_api: ApiHarness) -> None:
    response = await fleet_api.client.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json()["checks"] == {"broker": "ok", "database": "ok", "redis": "ok", "storage": "ok"}


async def test_login_me_logout_on_postgresql(fleet_api: ApiHarness) -> None:
    async with fleet_api.deps.engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM users"))).scalar_one() == 1
    login = await fleet_api.login()
    me = await fleet_api.client.get("/api/auth/me", headers=bearer(login["token"]))
    assert me.json()["email"] == ADMIN_EMAIL
    assert (await fleet_api.client.post("/api/auth/logout", headers=bearer(login["token"]))).status_code == 204
    assert (await fleet_api.client.get("/api/auth/me", headers=bearer(login["token"]))).status_code == 401


async def test_a_reset_request_publishes_notify_email_on_rabbitmq(fleet_api: ApiHarness, rabbitmq_url: str) -> None:
    response = await fleet_api.client.post("/api/auth/password-reset", json={"email": ADMIN_EMAIL})
    assert response.status_code == 202
    connection = await aio_pika.connect(rabbitmq_url)
    try:
        channel = await connection.channel()
        queue = await channel.get_queue(NOTIFICATIONS_QUEUE.name, ensure=True)
        delivered = await queue.get(timeout=10, fail=True)
        await delivered.ack()
    finally:
        await connection.close()
    message = decode_command(delivered.body)
    assert isinstance(message, SendEmail)
    assert message.template == "password_reset" and message.to == ADMIN_EMAIL
    assert "#token=" in message.params["reset_url"]
    assert delivered.delivery_mode == aio_pika.DeliveryMode.PERSISTENT


async def test_readiness_names_redis_when_it_is_unreachable(tmp_path: Path, pg_url: str) -> None:
    # A port nothing listens on: the client connects lazily, so the API starts and the probe reports it.
    settings = api_settings(str(tmp_path), database_url=pg_url, redis_url="redis://127.0.0.1:1/0")
    async with running_api(settings) as api:
        response = await api.client.get("/readyz")
    assert response.status_code == 503
    problem = response.json()
    assert problem["detail"] == "not ready: redis down"
    assert problem["checks"]["database"] == "ok"


async def test_logins_stay_throttled_while_redis_is_unreachable(tmp_path: Path, pg_url: str) -> None:
    settings = api_settings(str(tmp_path), database_url=pg_url, redis_url="redis://127.0.0.1:1/0")
    async with running_api(settings) as api:
        await api.login()  # logins still work
        for _ in range(5):
            failed = await api.client.post("/api/auth/login", json={"email": ADMIN_EMAIL, "password": "wrong-pass-000"})
            assert failed.status_code == 401
        blocked = await api.client.post("/api/auth/login", json={"email": ADMIN_EMAIL, "password": "wrong-pass-000"})
        assert blocked.status_code == 429
