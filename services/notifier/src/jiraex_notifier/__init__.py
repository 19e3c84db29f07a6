"""jiraex_notifier."""
