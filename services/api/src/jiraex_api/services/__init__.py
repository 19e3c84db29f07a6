"""The API's use cases as plain async functions over a session and an `AccountsContext`; no web framework here."""
