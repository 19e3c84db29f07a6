"""The notifier's composition root: database sessions and the mailer the settings choose, for the process's life."""

from jiraex_shared.notify import open_notifier_deps

__all__ = ["open_notifier_deps"]
