"""S2: brute force is throttled per account and per address, X-Forwarded-For cannot reset it, accounts do not leak."""

import statistics
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from api_harness import ADMIN_EMAIL, ADMIN_PASSWORD, MEMBER_PASSWORD, ApiHarness, api_settings, running_api

from jiraex_api.services.login_throttle import ThrottlePolicy

POLICY = ThrottlePolicy()


async def attempt(api: ApiHarness, email: str, password: str, **headers: str):
    return await api.client.post("/api/auth/login", json={"email": email, "password": password}, headers=headers)


def comparable(response) -> tuple[int, dict, set[str]]:
    """What a caller can tell apart: status, body without the per-request id, and header names."""
    body = {key: value for key, value in response.json().items() if key != "request_id"}
    return response.status_code, body, set(response.headers) - {"date"}


async def test_an_account_is_throttled_after_repeated_failures_and_recovers(api: ApiHarness) -> None:
    for _ in range(POLICY.account_failures):
        assert (await attempt(api, ADMIN_EMAIL, "wrong-password-000")).status_code == 401
    blocked = await attempt(api, ADMIN_EMAIL, ADMIN_PASSWORD)  # even the right password waits
    assert blocked.status_code == 429
    assert blocked.headers["content-type"].startswith("application/problem+json")
    assert 0 < int(blocked.headers["retry-after"]) <= POLICY.window_seconds
    api.monotonic.seconds += POLICY.window_seconds + 1  # no permanent lockout
    assert (await attempt(api, ADMIN_EMAIL, ADMIN_PASSWORD)).status_code == 200


async def test_a_spoofed_x_forwarded_for_does_not_reset_the_address_limit(api: ApiHarness) -> None:
    # Each failure names a different account and claims a different client address; the peer is not a proxy.
    for index in range(POLICY.address_failures):
        response = await attempt(api, f"nobody{index}@example.com", "wrong-password-000",
                                 **{"X-Forwarded-For": f"198.51.100.{index}"})
        assert response.status_code == 401
    spoofed = await attempt(api, "fresh@example.com", "wrong-password-000", **{"X-Forwarded-For": "203.0.113.250"})
    assert spoofed.status_code == 429


async def test_unknown_and_known_accounts_get_identical_answers(api: ApiHarness) -> None:
    known = await attempt(api, ADMIN_EMAIL, "wrong-password-000")
    unknown = await attempt(api, "ghost@example.com", "wrong-password-000")
    assert comparable(known) == comparable(unknown)
    for _ in range(POLICY.account_failures):
        await attempt(api, ADMIN_EMAIL, "wrong-password-000")
        await attempt(api, "ghost@example.com", "wrong-password-000")
    assert comparable(await attempt(api, ADMIN_EMAIL, "x")) == comparable(await attempt(api, "ghost@example.com", "x"))


@pytest.fixture
async def real_cost_api(tmp_path: Path) -> AsyncIterator[ApiHarness]:
    from jiraex_shared.security import PasswordHasher

    async with running_api(api_settings(str(tmp_path)), hasher=PasswordHasher()) as harness:
        yield harness


@pytest.mark.slow
async def test_unknown_and_known_accounts_take_similar_time(real_cost_api: ApiHarness) -> None:
    api = real_cost_api
    rounds = 7
    for index in range(rounds):
        await api.add_user(f"known{index}@example.com", password=MEMBER_PASSWORD)

    async def timed(email: str) -> float:
        started = time.perf_counter()
        assert (await attempt(api, email, "wrong-password-000")).status_code == 401
        return time.perf_counter() - started

    known, unknown = [], []
    for index in range(rounds):  # interleaved, so load on the machine hits both alike
        known.append(await timed(f"known{index}@example.com"))
        unknown.append(await timed(f"unknown{index}@example.com"))
    ratio = statistics.median(unknown) / statistics.median(known)
    # Without the dummy hash an unknown account answers in ~1 ms against ~100 ms: a ratio near 0.01.
    assert 0.7 < ratio < 1.4, (known, unknown)


async def test_throttling_is_shared_through_redis(tmp_path: Path, redis_url: str, redis_prefix: str) -> None:
    settings = api_settings(str(tmp_path), redis_url=redis_url)
    async with running_api(settings, redis_prefix=redis_prefix) as api:
        for _ in range(POLICY.account_failures):
            assert (await attempt(api, ADMIN_EMAIL, "wrong-password-000")).status_code == 401
        assert (await attempt(api, ADMIN_EMAIL, ADMIN_PASSWORD)).status_code == 429
        for index in range(POLICY.address_failures - POLICY.account_failures):
            spoof = {"X-Forwarded-For": f"10.9.9.{index}"}
            await attempt(api, f"other{index}@example.com", "bad-password-000", **spoof)
        spoofed = await attempt(api, "new@example.com", "bad-password-000", **{"X-Forwarded-For": "192.0.2.1"})
        assert spoofed.status_code == 429
    # A second API process (replica) sees the same counters.
    async with running_api(settings, redis_prefix=redis_prefix) as replica:
        assert (await attempt(replica, ADMIN_EMAIL, ADMIN_PASSWORD)).status_code == 429
