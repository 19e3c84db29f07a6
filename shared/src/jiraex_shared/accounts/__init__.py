"""User accounts: creation and the rules an account must satisfy."""

from jiraex_shared.accounts.users import AccountError, create_user, validate_email

__all__ = ["AccountError", "create_user", "validate_email"]
