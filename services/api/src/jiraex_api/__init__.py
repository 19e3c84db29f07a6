"""jiraex_api."""
