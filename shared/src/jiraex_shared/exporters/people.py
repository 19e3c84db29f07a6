"""Users as Jira returns them (Cloud accountId, Server name/key), reduced to a name and a stable id."""

from typing import Any

from jiraex_shared.exporters.flatten import flatten


def person_name(user: Any) -> str:
    """The display name, falling back to whatever identifies the user."""
    return flatten(user)


def person_id(user: Any) -> str:
    """accountId on Cloud, key or name on Server/DC; empty when unknown."""
    if not isinstance(user, dict):
        return ""
    for key in ("accountId", "key", "name"):
        value = user.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def visibility_text(visibility: Any) -> str:
    """A comment or worklog restriction ("role: Developers"), empty when public."""
    if not isinstance(visibility, dict):
        return ""
    kind, value = visibility.get("type"), visibility.get("value") or visibility.get("identifier")
    return f"{kind}: {value}" if kind and value else flatten(value or kind)
