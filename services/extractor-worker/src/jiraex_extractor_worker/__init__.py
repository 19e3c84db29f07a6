"""jiraex_extractor_worker."""
