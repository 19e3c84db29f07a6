"""`jiraex`: parse the command line, load settings once, run one subcommand, map errors to exit codes."""

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence

from jiraex_shared.cli import (
    config_command,
    create_user_command,
    export_command,
    job_command,
    migrate_command,
    rotate_key_command,
    serve_command,
    storage_command,
)
from jiraex_shared.cli.errors import CommandError
from jiraex_shared.cli.exit_codes import BAD_INPUT, FAILURE
from jiraex_shared.log import configure_logging
from jiraex_shared.malloc_arenas import limit_malloc_arenas
from jiraex_shared.settings import SettingsError, load_settings

COMMANDS = (
    export_command, job_command, migrate_command, create_user_command, storage_command, config_command,
    rotate_key_command, serve_command,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jiraex",
        description="Jira Issue Extractor: export issues, administer the database, users and configuration.",
        epilog="Settings come from JIRA_EXTRACTOR_* environment variables; `jiraex config check` shows them.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details (INFO) to stderr")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(os.environ)
    except SettingsError as error:
        print(f"jiraex: invalid setting {error}", file=sys.stderr)
        return BAD_INPUT
    # A command line tool speaks through its output; logs stay at warnings unless asked for.
    level = "INFO" if args.verbose else max(settings.log_level, "WARNING", key=_severity)
    configure_logging(level=level, fmt=settings.log_format, service="cli")
    limit_malloc_arenas()
    try:
        return asyncio.run(args.run(args, settings))
    except CommandError as error:
        print(f"jiraex {args.command}: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(f"jiraex {args.command}: interrupted", file=sys.stderr)
        return FAILURE


def _severity(level: str) -> int:
    return logging.getLevelName(level)


if __name__ == "__main__":
    sys.exit(main())
