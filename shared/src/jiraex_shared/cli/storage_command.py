"""`jiraex storage init`: make sure the artifact store exists (create the S3 bucket or the local folder)."""

import argparse
from typing import Any

from jiraex_shared.cli.errors import CommandError
from jiraex_shared.cli.exit_codes import FAILURE, OK
from jiraex_shared.settings import Settings, describe_adapters


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser("storage", help="prepare the artifact store")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    init = actions.add_parser(
        "init",
        help="create the S3 bucket (or the local exports folder) when it does not exist",
        description="Idempotent: an existing bucket or folder is left as it is. Uses JIRA_EXTRACTOR_S3_* or, "
        "without a bucket, JIRA_EXTRACTOR_DATA_DIR.",
    )
    init.set_defaults(run=run)


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from jiraex_shared.storage import StorageConfigError, open_artifact_store

    where = next(choice for choice in describe_adapters(settings) if choice.component == "artifact store")
    try:
        async with open_artifact_store(settings, create_bucket=True):
            pass
    except StorageConfigError as error:
        raise CommandError(str(error), FAILURE) from None
    print(f"artifact store ready: {where.adapter} {where.detail}")
    return OK
