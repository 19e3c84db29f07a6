"""`jiraex migrate`: apply, revert or show the database schema revision (Alembic)."""

import argparse
from pathlib import Path
from typing import Any

from jiraex_shared.cli.errors import CommandError
from jiraex_shared.cli.exit_codes import FAILURE, OK
from jiraex_shared.settings import Settings
from jiraex_shared.settings.adapters import database_url, describe_adapters


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "migrate",
        help="apply, revert or show database migrations",
        description="Runs the Alembic migrations against JIRA_EXTRACTOR_DATABASE_URL (PostgreSQL) or, when it is "
        "empty, the SQLite file in JIRA_EXTRACTOR_DATA_DIR.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = actions.add_parser("upgrade", help="upgrade to REVISION (default: head)")
    upgrade.add_argument("revision", nargs="?", default="head")
    downgrade = actions.add_parser("downgrade", help="downgrade to REVISION (e.g. -1 or base)")
    downgrade.add_argument("revision")
    actions.add_parser("current", help="print the current revision and the newest one")
    parser.set_defaults(run=run)


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from jiraex_shared.db import migrate

    url = database_url(settings)
    where = describe_adapters(settings)[0]
    if not settings.database_url:
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - once, before any I/O
    try:
        if args.action == "upgrade":
            await migrate.upgrade(url, args.revision)
        elif args.action == "downgrade":
            await migrate.downgrade(url, args.revision)
        current = await migrate.current(url)
    except OSError as error:
        raise CommandError(f"cannot reach the {where.adapter} database at {where.detail}: {error}", FAILURE) from None
    print(f"{where.adapter} {where.detail}: at revision {current or 'base (empty)'}; newest is {migrate.head()}")
    return OK
