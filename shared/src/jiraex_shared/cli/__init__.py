"""The `jiraex` command line."""

from jiraex_shared.cli.main import main

__all__ = ["main"]
