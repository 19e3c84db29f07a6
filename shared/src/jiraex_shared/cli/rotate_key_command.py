"""`jiraex rotate-key`: re-seal every Jira credential with JIRA_EXTRACTOR_SECRET_KEY."""

import argparse
from typing import Any

from jiraex_shared.cli.database_session import open_cli_sessions
from jiraex_shared.cli.errors import CommandError
from jiraex_shared.cli.exit_codes import FAILURE, OK
from jiraex_shared.settings import Settings


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "rotate-key",
        help="re-encrypt every connection's credential with the current secret key",
        description="To rotate: set JIRA_EXTRACTOR_SECRET_KEY to a new key and move the old one to "
        "JIRA_EXTRACTOR_OLD_SECRET_KEYS (all processes keep reading both), run this command, then remove the "
        "old key once the report shows no connection uses it. Running it again changes nothing.",
    )
    parser.add_argument("--batch-size", type=int, default=100, help="rows per transaction (default 100)")
    parser.set_defaults(run=run)


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from jiraex_shared.connections.key_rotation import rotate_connection_keys
    from jiraex_shared.security.credential_cipher import CredentialCipher, CredentialError

    if args.batch_size < 1:
        raise CommandError("--batch-size must be at least 1")
    try:
        cipher = CredentialCipher.from_settings(settings)
    except CredentialError as error:
        raise CommandError(str(error)) from None
    async with open_cli_sessions(settings) as sessions:
        report = await rotate_connection_keys(sessions, cipher, batch_size=args.batch_size)
    print(
        f"current key {report.current_key_id}: {report.rotated} re-encrypted, "
        f"{report.already_current} already current, {len(report.unreadable)} unreadable"
    )
    for key_id, count in sorted(report.key_ids.items()):
        marker = " (current)" if key_id == report.current_key_id else " (old: keep it configured)"
        print(f"  key {key_id}: {count} connection(s){marker}")
    for connection_id in report.unreadable:
        print(f"  unreadable: connection {connection_id} (its key is not configured, or the row was altered)")
    return FAILURE if report.unreadable else OK
