"""`jiraex serve`: the embedded product (API, worker, scheduler, notifier in one process); lives in jiraex_api."""

import argparse
from typing import Any

from jiraex_shared.cli.errors import CommandError
from jiraex_shared.cli.exit_codes import BAD_INPUT, FAILURE
from jiraex_shared.settings import Settings

DESCRIPTION = (
    "Runs the whole product in this process: the HTTP API with an in-process export worker, scheduler and "
    "notifier, on the SQLite file, the exports folder and the secret key in the data dir (the key is "
    "generated there, mode 0600, on first start unless JIRA_EXTRACTOR_SECRET_KEY is set). On first start "
    "it creates the admin from JIRA_EXTRACTOR_ADMIN_EMAIL/_ADMIN_PASSWORD, or admin@example.com (or "
    "_ADMIN_EMAIL) with a generated password printed once. It prints the URL and how to log in; SIGINT or "
    "SIGTERM stops it, giving running export steps JIRA_EXTRACTOR_WORKER_GRACE_SECONDS. It refuses to start "
    "when RabbitMQ, Redis or S3 is configured: the fleet runs jiraex-api and the workers instead (with "
    "JIRA_EXTRACTOR_DATABASE_URL set it runs on that PostgreSQL database, one serve process per database), and "
    "when another serve holds the data dir. Mail is sent when JIRA_EXTRACTOR_SMTP_HOST is set, else logged. "
    "Exit status: 0 after a clean stop, 2 for bad settings, 1 when the data dir is taken or unusable, 3 when "
    "start-up fails (database, listen address)."
)


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser("serve", help="run the embedded product (one process)", description=DESCRIPTION)
    parser.add_argument("--host", help="listen address (default: JIRA_EXTRACTOR_API_HOST, 127.0.0.1)")
    parser.add_argument("--port", type=_port, help="listen port, 0 for any free one (default: JIRA_EXTRACTOR_API_PORT)")
    parser.add_argument("--data-dir", help="SQLite file, exports and secret key (default: JIRA_EXTRACTOR_DATA_DIR)")
    parser.set_defaults(run=run)


def _port(value: str) -> int:
    port = int(value)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a TCP port (0-65535)")
    return port


async def run(args: argparse.Namespace, settings: Settings) -> int:
    # jiraex_api depends on jiraex_shared, not the other way round: the API is imported only when serving.
    from jiraex_api.embedded.data_dir_lock import DataDirInUse
    from jiraex_api.embedded.secret_key import SecretKeyFileError
    from jiraex_api.embedded.serve_settings import NotEmbedded, embedded_settings
    from jiraex_api.embedded.server import serve
    from jiraex_api.services.bootstrap import BootstrapError
    from jiraex_shared.log import configure_logging

    try:
        resolved = embedded_settings(settings, host=args.host, port=args.port, data_dir=args.data_dir)
    except NotEmbedded as error:
        raise CommandError(str(error), exit_code=BAD_INPUT) from None
    except (SecretKeyFileError, OSError) as error:
        raise CommandError(str(error), exit_code=FAILURE) from None
    # A server speaks through its log: INFO (or JIRA_EXTRACTOR_LOG_LEVEL) on stderr, the banner on stdout.
    configure_logging(level=resolved.log_level, fmt=resolved.log_format, service="jiraex-serve")
    try:
        return await serve(resolved)
    except BootstrapError as error:
        raise CommandError(str(error), exit_code=BAD_INPUT) from None
    except DataDirInUse as error:
        raise CommandError(str(error), exit_code=FAILURE) from None
