"""Each repository test runs on a migrated SQLite file and on a migrated PostgreSQL database.

Both are built once per session by ``migrate.upgrade``; each test then gets a copy of the SQLite file,
and the PostgreSQL database emptied with TRUNCATE (creating a database costs about a second here).
"""

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import pytest
from repo_helpers import NewJob, Sessions
from service_urls import ServiceUrls, in_ci

from jiraex_shared.db import Base, Connection, Job, User, create_db_engine, create_session_factory, migrate
from jiraex_shared.db.repositories import claim_job, create_job, get_job
from jiraex_shared.pipeline.spec import ExportSpec


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("repo-template") / "template.db"
    asyncio.run(migrate.upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def pg_database(services: ServiceUrls) -> Iterator[str]:
    """A migrated PostgreSQL database shared by the session's tests (emptied before each); dropped at the end."""
    name = f"jiraex_repo_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_admin(services.postgres_dsn, f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as error:
        reason = f"PostgreSQL is not reachable at {services.postgres_dsn} ({error}); run scripts/services"
        pytest.fail(reason) if in_ci() else pytest.skip(reason)
    url = _sqlalchemy_url(services.postgres_dsn, name)
    try:
        asyncio.run(migrate.upgrade(url))
        yield url
    finally:
        asyncio.run(_admin(services.postgres_dsn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def repo_sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "repo.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
async def repo_pg_url(pg_database: str) -> str:
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    await _admin(_asyncpg_dsn(pg_database), f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    return pg_database


@pytest.fixture(params=[pytest.param("repo_sqlite_url"), pytest.param("repo_pg_url", marks=pytest.mark.integration)])
def db_url(request: pytest.FixtureRequest) -> str:
    # A sync fixture: pytest-asyncio cannot resolve an async fixture from inside another async one.
    return request.getfixturevalue(request.param)


@pytest.fixture
async def sessions(db_url: str) -> AsyncIterator[Sessions]:
    engine = create_db_engine(db_url)
    yield create_session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def connection_id(sessions: Sessions) -> uuid.UUID:
    """A user and a Jira connection (with a dummy sealed credential) that jobs can name."""
    async with sessions.begin() as session:
        user = User(email=f"{uuid.uuid4().hex[:8]}@example.com", password_hash="$argon2id$test")
        session.add(user)
        await session.flush()
        connection = Connection(
            owner_id=user.id, name="acme", base_url="https://acme.atlassian.net", auth_kind="basic",
            credential_ciphertext=b"sealed", credential_nonce=b"\x00" * 12, credential_key_id="k1",
        )
        session.add(connection)
        await session.flush()
        return connection.id


@pytest.fixture
def new_job(sessions: Sessions, connection_id: uuid.UUID) -> NewJob:
    """Create a queued job in its own transaction; ``claimed_by`` also claims it into ``planning``."""

    async def make(*, claimed_by: str | None = None, **fields: Any) -> Job:
        async with sessions.begin() as session:
            fields.setdefault("spec", ExportSpec(jql="project = ACME"))
            fields.setdefault("name", "export")
            job, created = await create_job(session, connection_id=connection_id, **fields)
            assert created
            if claimed_by is not None:
                claim = await claim_job(session, job.id, worker=claimed_by, lease_seconds=60, to_state="planning")
                assert claim is not None
                job = await get_job(session, job.id)
            return job

    return make


async def _admin(dsn: str, sql: str) -> None:
    connection = await asyncpg.connect(dsn, timeout=5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def _asyncpg_dsn(url: str) -> str:
    return urlsplit(url)._replace(scheme="postgresql").geturl()


def _sqlalchemy_url(dsn: str, database: str) -> str:
    return urlsplit(dsn)._replace(scheme="postgresql+asyncpg", path=f"/{database}").geturl()
