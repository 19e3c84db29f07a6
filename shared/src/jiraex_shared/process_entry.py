"""Start-up shared by the fleet's console scripts: argv help, settings loaded once, logging configured."""

import argparse
import os
import sys
from collections.abc import Sequence

from jiraex_shared.cli.exit_codes import BAD_INPUT
from jiraex_shared.log import configure_logging
from jiraex_shared.malloc_arenas import limit_malloc_arenas
from jiraex_shared.settings import Settings, SettingsError, load_settings


def start_process(prog: str, description: str, argv: Sequence[str] | None = None) -> Settings:
    """Parse `--help`, load and validate the settings (exit 2 naming a bad variable), configure logging."""
    argparse.ArgumentParser(
        prog=prog,
        description=description,
        epilog="Configured only by JIRA_EXTRACTOR_* environment variables; see `jiraex config check`.",
    ).parse_args(argv)
    try:
        settings = load_settings(os.environ)
    except SettingsError as error:
        print(f"{prog}: invalid setting {error}", file=sys.stderr)
        sys.exit(BAD_INPUT)
    configure_logging(level=settings.log_level, fmt=settings.log_format, service=prog)
    limit_malloc_arenas()
    return settings
