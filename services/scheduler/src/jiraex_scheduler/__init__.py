"""jiraex_scheduler."""
