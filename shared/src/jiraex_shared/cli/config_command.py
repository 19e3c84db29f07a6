"""`jiraex config check`: validate the settings and say which adapter each component will use."""

import argparse
from typing import Any

from jiraex_shared.cli.exit_codes import OK
from jiraex_shared.settings import Settings, describe_adapters


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser("config", help="inspect the configuration")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = actions.add_parser(
        "check",
        help="validate JIRA_EXTRACTOR_* variables and print the adapter of each component",
        description="Exits 0 and prints one line per component when every setting is valid; exits 2 with the "
        "name of the first invalid variable otherwise. Secrets are never printed.",
    )
    check.set_defaults(run=run)


async def run(args: argparse.Namespace, settings: Settings) -> int:
    choices = describe_adapters(settings)
    width = max(len(choice.component) for choice in choices)
    print("configuration is valid")
    for choice in choices:
        print(f"  {choice.component:<{width}}  {choice.adapter:<10}  {choice.detail}")
    return OK
