"""`make run`'s "Demo Jira" connection: the simulator beside `jiraex serve`, owned by the first admin."""

import argparse
import asyncio
import os
import sys
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from jiraex_api.embedded.serve_settings import embedded_settings
from jiraex_shared.connections import (
    ConnectionChanges,
    ConnectionDeps,
    NewConnection,
    create_connection,
    list_connections,
    update_connection,
)
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.db.users import User
from jiraex_shared.log import configure_logging
from jiraex_shared.ratelimit import MemoryRateGovernor
from jiraex_shared.security.credential_cipher import CredentialCipher
from jiraex_shared.settings import Settings, load_settings
from jiraex_shared.settings.adapters import database_url

DEMO_NAME = "Demo Jira"


@dataclass(frozen=True)
class _Admin:
    """The connection service's caller (its ``Viewer``): the first admin."""

    user_id: uuid.UUID
    is_admin: bool = True


class NoAdmin(RuntimeError):
    """The database has no active admin yet: `jiraex serve` creates one on its first start."""


async def ensure_demo_connection(settings: Settings, *, base_url: str, email: str, token: str) -> uuid.UUID:
    """Create the first admin's "Demo Jira" connection, or point the existing one at ``base_url``.

    Goes through the connection service, so the usual rules hold: the token is sealed with the data dir's key
    and the host must be allow-listed (``JIRA_EXTRACTOR_JIRA_ALLOWED_HOSTS=127.0.0.1`` for the simulator).
    """
    engine = create_db_engine(database_url(settings))
    try:
        sessions = create_session_factory(engine)
        deps = ConnectionDeps(settings=settings, cipher=CredentialCipher.from_settings(settings),
                              governor=MemoryRateGovernor())
        async with sessions() as session:
            admin_id = await session.scalar(
                select(User.id).where(User.role == "admin", User.active.is_(True)).order_by(User.created_at).limit(1)
            )
            if admin_id is None:
                raise NoAdmin("no admin exists yet: start `jiraex serve` once first")
            admin = _Admin(admin_id)
            mine = [view for view in await list_connections(session, admin)
                    if view.owner_id == admin_id and view.name == DEMO_NAME]
            if not mine:
                new = NewConnection(name=DEMO_NAME, base_url=base_url, auth_kind="basic", username=email,
                                    token=token, deployment="cloud")
                return (await create_connection(session, deps, admin, new)).id
            # The simulator may listen on another port than last time; moving a connection needs its token again.
            changes = ConnectionChanges(base_url=base_url, username=email, token=token)
            return (await update_connection(session, deps, admin, mine[0].id, changes)).id
    finally:
        await engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jiraex_api.embedded.demo_connection", description=__doc__)
    parser.add_argument("--jira-url", required=True, help="the simulator's base URL")
    parser.add_argument("--email", required=True, help="the simulator's account e-mail")
    parser.add_argument("--token-file", required=True, help="file holding the simulator's API token")
    parser.add_argument("--data-dir", help="the data dir `jiraex serve` uses (default: JIRA_EXTRACTOR_DATA_DIR)")
    args = parser.parse_args(argv)
    settings = embedded_settings(load_settings(os.environ), data_dir=args.data_dir)
    # Standard output is the one result line; the service's own logs go to stderr, warnings only.
    configure_logging(level="WARNING", fmt=settings.log_format, service="demo-connection")
    token = Path(args.token_file).read_text(encoding="utf-8").strip()
    connection_id = asyncio.run(ensure_demo_connection(settings, base_url=args.jira_url, email=args.email, token=token))
    print(f'"{DEMO_NAME}" connection {connection_id} -> {args.jira_url}')
    return 0


if __name__ == "__main__":
    sys.exit(main())
