"""A migrated SQLite database per test (copied from one built per session) and notifier deps over it."""

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from jiraex_shared.db import create_db_engine, create_session_factory, migrate
from jiraex_shared.notify import MemoryMailer, NotifierDeps, RetryPolicy


@pytest.fixture(scope="session")
def notify_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("notify-template") / "template.db"
    asyncio.run(migrate.upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
async def notifier_deps(notify_sqlite_template: Path, tmp_path: Path) -> AsyncIterator[NotifierDeps]:
    path = tmp_path / "notify.db"
    shutil.copyfile(notify_sqlite_template, path)
    engine = create_db_engine(f"sqlite+aiosqlite:///{path}")
    yield NotifierDeps(
        sessions=create_session_factory(engine), mailer=MemoryMailer(), sender="JX <noreply@jx.example>",
        public_url="https://jx.example", retry=RetryPolicy(first_delay=0.01, max_delay=0.02, hold_seconds=0.5),
        claim_seconds=30.0,
    )
    await engine.dispose()
