"""Route handlers of the Jira and media listeners, grouped by Jira resource."""
