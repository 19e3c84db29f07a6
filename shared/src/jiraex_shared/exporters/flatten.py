"""Any Jira field value as one readable string: users by name, options by value, lists joined with "; "."""

import math
import re
from decimal import Decimal
from typing import Any

from jiraex_shared.exporters.adf_nodes import is_adf
from jiraex_shared.exporters.adf_text import adf_to_text
from jiraex_shared.exporters.wiki_text import wiki_to_text

SEPARATOR = "; "
# Keys tried in order for an object; users have displayName, options value, versions/components name.
_LABEL_KEYS = ("displayName", "name", "value", "key", "filename", "title", "accountId", "emailAddress")
# Noise in the generic "key: value" fallback: links back into Jira, icons, avatars.
_NOISE_KEYS = frozenset({"self", "iconUrl", "avatarUrls", "expand"})
# Jira Server (Greenhopper) serialises sprints as "…Sprint@1a2b[id=1,rapidViewId=2,state=CLOSED,name=S 1,…]".
_SPRINT_STRING = re.compile(
    r"^com\.atlassian\.greenhopper\.service\.sprint\.Sprint@[0-9a-f]*\[(.*)\]$", re.DOTALL
)
_SPRINT_NAME = re.compile(r"(?:^|,)name=(.*?)(?:,[A-Za-z]+=|$)", re.DOTALL)


def plain_number(number: float) -> str:
    """A float as people write it: 3.0 → "3", 1e20 → "100000000000000000000", NaN → ""."""
    if not math.isfinite(number):
        return ""
    if number.is_integer() and abs(number) < 1e16:
        return str(int(number))
    text = format(Decimal(repr(number)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def sprint_name(text: str) -> str | None:
    """The sprint name inside a Jira Server sprint string, or None when ``text`` is not one."""
    match = _SPRINT_STRING.match(text)
    if match is None:
        return None
    name = _SPRINT_NAME.search(match.group(1))
    return name.group(1) if name else match.group(1)


def _issue_link(link: dict[str, Any]) -> str:
    found = link.get("type")
    link_type: dict[str, Any] = found if isinstance(found, dict) else {}
    if isinstance(link.get("outwardIssue"), dict):
        verb = link_type.get("outward") or link_type.get("name") or "relates to"
        return f"{verb} {flatten(link['outwardIssue'])}"
    return (
        f"{link_type.get('inward') or link_type.get('name') or 'relates to'} {flatten(link['inwardIssue'])}"
    )


def _flatten_object(value: dict[str, Any], api_version: int) -> str:
    if is_adf(value):
        return adf_to_text(value)
    if "inwardIssue" in value or "outwardIssue" in value:
        return _issue_link(value)
    if isinstance(value.get("value"), str) and isinstance(value.get("child"), dict):
        return f"{value['value']} -> {_flatten_object(value['child'], api_version)}"  # cascading select
    for key in _LABEL_KEYS:
        label = value.get(key)
        if isinstance(label, str) and label:
            return label
    if isinstance(value.get("watchCount"), int):
        return str(value["watchCount"])
    if isinstance(value.get("votes"), int):
        return str(value["votes"])
    pairs = []
    for key, item in value.items():
        if key in _NOISE_KEYS or isinstance(item, dict | list) or item is None:
            continue
        if key.endswith("Seconds") and key[: -len("Seconds")] in value:
            continue  # time tracking repeats every estimate in seconds; the readable form is enough
        pairs.append(f"{key}: {flatten(item, api_version=api_version)}")
    return ", ".join(pairs)


def flatten(value: Any, *, rich_text: bool = False, api_version: int = 3) -> str:
    """One cell's text for a raw field value.

    ``rich_text`` marks description-like fields: on REST v2 their strings are wiki markup and are
    reduced to text; ADF documents are reduced to text whatever the flag says. Dates stay as Jira
    wrote them; numbers are written plainly; lists are joined with "; ".
    """
    if value is None:
        return ""
    if isinstance(value, str):
        if rich_text and api_version == 2:
            return wiki_to_text(value)
        sprint = sprint_name(value) if value.startswith("com.atlassian.greenhopper") else None
        return value if sprint is None else sprint
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return plain_number(value)
    if isinstance(value, list | tuple):
        parts = (flatten(item, rich_text=rich_text, api_version=api_version) for item in value)
        return SEPARATOR.join(part for part in parts if part)
    if isinstance(value, dict):
        return _flatten_object(value, api_version)
    return str(value)
