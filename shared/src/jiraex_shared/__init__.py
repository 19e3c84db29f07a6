"""jiraex_shared."""
