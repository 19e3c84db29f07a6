"""The one exception a subcommand raises to end with a readable line instead of a traceback."""

from jiraex_shared.cli.exit_codes import BAD_INPUT


class CommandError(Exception):
    def __init__(self, message: str, exit_code: int = BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code
