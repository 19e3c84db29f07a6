"""Names typed by people: trimmed, not blank, no control characters (PostgreSQL refuses U+0000 outright)."""

from jiraex_api.services.errors import InvalidField


def checked_name(name: str, field: str = "name") -> str:
    cleaned = name.strip()
    if not cleaned:
        raise InvalidField(field, "must not be blank")
    if any(ord(char) < 32 or ord(char) == 127 for char in cleaned):
        raise InvalidField(field, "must not contain control characters")
    return cleaned
