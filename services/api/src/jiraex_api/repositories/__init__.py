"""The API's SQL: one module per table it owns, each a set of plain async functions over a session."""
