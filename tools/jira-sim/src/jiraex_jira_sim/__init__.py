"""jiraex_jira_sim."""
