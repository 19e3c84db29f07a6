"""Exit codes shared by every `jiraex` subcommand (ARCHITECTURE §10): scripts branch on them."""

OK = 0
FAILURE = 1
BAD_INPUT = 2
SUCCESS_WITH_WARNINGS = 3
