"""`jiraex serve`: the API, worker, scheduler and notifier in one process on SQLite, memory streams and local files."""
