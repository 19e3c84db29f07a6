"""A later SQLite batch migration that rebuilds a parent table must not cascade-delete its children."""

import shutil
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from jiraex_shared.db import AuthToken, Connection, Job, User, create_db_engine, create_session_factory, migrate

# Batch mode rebuilds "users" by copy, DROP TABLE and rename; with foreign keys enforced that DROP would
# delete every token and connection through ON DELETE CASCADE and null every job's owner.
REBUILD_USERS = '''
    """probe: rebuild users"""

    import sqlalchemy as sa
    from alembic import op

    revision = "{rev}"
    down_revision = "{down}"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        with op.batch_alter_table("users", recreate="always") as batch:
            batch.add_column(sa.Column("nickname", sa.String(50), nullable=True))


    def downgrade() -> None:
        with op.batch_alter_table("users", recreate="always") as batch:
            batch.drop_column("nickname")
'''


def _migrations_with_users_rebuild(tmp_path: Path) -> Path:
    migrations = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    rev = migrate.next_revision_id([migrate.head()], datetime.now(UTC).date())
    source = textwrap.dedent(REBUILD_USERS).format(rev=rev, down=migrate.head())
    (migrations / "versions" / f"{rev}_probe.py").write_text(source)
    return migrations


async def test_rebuilding_a_parent_table_keeps_child_rows_and_foreign_keys(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'app.db'}"
    await migrate.upgrade(url)
    engine = create_db_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            user = User(email="ada@example.com", password_hash="h")
            session.add(user)
            await session.flush()
            connection = Connection(
                owner_id=user.id,
                name="acme",
                base_url="https://acme.example",
                auth_kind="bearer",
                credential_ciphertext=b"c",
                credential_nonce=b"n",
                credential_key_id="k1",
            )
            token = AuthToken(
                user_id=user.id, kind="session", token_hash="t" * 64, expires_at=datetime.now(UTC) + timedelta(days=1)
            )
            session.add_all([connection, token])
            await session.flush()
            session.add(Job(owner_id=user.id, connection_id=connection.id, name="e", spec={}))
            await session.commit()
        await engine.dispose()

        migrations = _migrations_with_users_rebuild(tmp_path)
        await migrate.upgrade(url, migrations_dir=migrations)

        async with engine.connect() as db:
            columns = {row[1] for row in await db.execute(text("PRAGMA table_info(users)"))}
            counts = {
                table: (await db.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
                for table in ("users", "connections", "auth_tokens")
            }
            owners = (await db.execute(text("SELECT count(*) FROM jobs WHERE owner_id IS NOT NULL"))).scalar_one()
            violations = (await db.execute(text("PRAGMA foreign_key_check"))).all()
            enforced = (await db.execute(text("PRAGMA foreign_keys"))).scalar_one()
        assert "nickname" in columns
        assert counts == {"users": 1, "connections": 1, "auth_tokens": 1}
        assert owners == 1
        assert violations == []
        assert enforced == 1

        await migrate.downgrade(url, migrate.head(), migrations_dir=migrations)
        assert await migrate.current(url) == migrate.head()
    finally:
        await engine.dispose()
