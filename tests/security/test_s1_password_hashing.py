"""S1: passwords are stored as argon2id at or above ASVS Appendix C, upgraded on login, never stored or logged plain."""

import re
from pathlib import Path

import pytest
from api_harness import ADMIN_PASSWORD, MEMBER_PASSWORD, api_settings, fast_hasher, logs_captured, running_api
from sqlalchemy import select

from jiraex_shared.db import User

PHC = re.compile(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$")


def parameters(password_hash: str) -> tuple[int, int, int]:
    match = PHC.match(password_hash)
    assert match, password_hash
    memory_kib, time_cost, parallelism = (int(group) for group in match.groups())
    return memory_kib, time_cost, parallelism


def meets_asvs_appendix_c(memory_kib: int, time_cost: int) -> bool:
    # argon2id: t=2 with m >= 19 MiB, or t >= 3 with m >= 12 MiB.
    return (time_cost >= 2 and memory_kib >= 19 * 1024) or (time_cost >= 3 and memory_kib >= 12 * 1024)


async def stored_hash(harness, email: str) -> str:
    async with harness.deps.sessions() as session:
        return await session.scalar(select(User.password_hash).where(User.email == email))


@pytest.mark.slow
async def test_stored_hash_is_argon2id_with_strong_parameters(tmp_path: Path) -> None:
    from jiraex_shared.security import PasswordHasher

    async with running_api(api_settings(str(tmp_path)), hasher=PasswordHasher()) as api:
        api_hasher = api.deps.accounts.hasher
        assert not api_hasher.needs_rehash(await stored_hash(api, "admin@example.com"))
        memory_kib, time_cost, _ = parameters(await stored_hash(api, "admin@example.com"))
    assert meets_asvs_appendix_c(memory_kib, time_cost)


@pytest.mark.slow
async def test_login_upgrades_a_hash_made_with_old_parameters(tmp_path: Path) -> None:
    from jiraex_shared.security import PasswordHasher

    settings = api_settings(str(tmp_path))
    async with running_api(settings, hasher=fast_hasher()) as api:
        await api.add_user("old@example.com")
        old = await stored_hash(api, "old@example.com")
    assert parameters(old)[:2] == (1024, 1)
    async with running_api(settings, hasher=PasswordHasher()) as api:
        await api.login("old@example.com", MEMBER_PASSWORD)
        upgraded = await stored_hash(api, "old@example.com")
        assert upgraded != old
        assert meets_asvs_appendix_c(*parameters(upgraded)[:2])
        await api.login("old@example.com", MEMBER_PASSWORD)  # the upgraded hash verifies
        assert await stored_hash(api, "old@example.com") == upgraded  # and is not rehashed again


async def test_no_plaintext_password_or_token_in_the_database_or_logs(tmp_path: Path) -> None:
    with logs_captured() as captured:
        database, secrets = await exercise_every_secret(tmp_path)
    logs = captured.getvalue()
    assert b"$argon2id$" in database  # the dump is the real database
    assert '"event": "login_failed"' in logs and '"event": "password_reset_completed"' in logs  # logs were captured
    for secret in secrets:
        assert secret.encode() not in database
        assert secret not in logs


async def exercise_every_secret(tmp_path: Path) -> tuple[bytes, list[str]]:
    """Log in, fail a login, reset the password; the database file's bytes and every secret that passed by."""
    async with running_api(api_settings(str(tmp_path))) as api:
        token = (await api.login())["token"]
        await api.client.post("/api/auth/login", json={"email": "admin@example.com", "password": "WrongPass-9876"})
        await api.client.post("/api/auth/password-reset", json={"email": "admin@example.com"})
        reset_token = (await api.emails(1))[0].params["reset_url"].split("#token=")[1]
        confirm = {"token": reset_token, "password": "Brand-new-pass-1"}
        await api.client.post("/api/auth/password-reset/confirm", json=confirm)
        await api.deps.engine.dispose()  # flush SQLite's WAL into the file
    database = b"".join(path.read_bytes() for path in sorted(tmp_path.glob("jiraex.db*")))  # noqa: ASYNC240
    return database, [ADMIN_PASSWORD, "WrongPass-9876", "Brand-new-pass-1", token, reset_token]
