"""`jiraex create-user`: add a user from the command line; the password never comes from argv."""

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from jiraex_shared.cli.database_session import open_cli_sessions
from jiraex_shared.cli.errors import CommandError
from jiraex_shared.cli.exit_codes import OK
from jiraex_shared.settings import Settings


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "create-user",
        help="create a user (admin with --admin)",
        description="Creates an active user in the configured database. The password is read from "
        "--password-file (use - for standard input) or asked for at a prompt; it is never taken from the "
        "command line, where other users of the machine could see it.",
    )
    parser.add_argument("--email", required=True, help="the user's e-mail address (their login)")
    parser.add_argument("--admin", action="store_true", help="give the user the admin role (default: member)")
    parser.add_argument("--password-file", metavar="FILE", help="file whose first line is the password, or -")
    parser.set_defaults(run=run)


def read_password(password_file: str | None) -> str:
    if password_file == "-":  # noqa: S105 - "-" means standard input, not a password
        return sys.stdin.readline().rstrip("\r\n")
    if password_file:
        try:
            return Path(password_file).read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError) as error:
            raise CommandError(f"cannot read a password from {password_file}: {error or 'empty file'}") from None
    if not sys.stdin.isatty():
        raise CommandError("no terminal to ask for the password: use --password-file FILE (or - for stdin)")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise CommandError("the two passwords differ")
    return first


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from jiraex_shared.accounts import AccountError, create_user
    from jiraex_shared.security import PasswordHasher

    async with open_cli_sessions(settings) as sessions:
        password = read_password(args.password_file)
        try:
            async with sessions() as session, session.begin():
                user = await create_user(
                    session, email=args.email, password=password, role="admin" if args.admin else "member",
                    hasher=PasswordHasher(),
                )
        except AccountError as error:
            raise CommandError(str(error)) from None
    print(f"created {user.role} {user.email} ({user.id})")
    return OK
