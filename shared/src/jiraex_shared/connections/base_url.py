"""The checks a Jira base URL passes before it is stored: its shape here, its addresses in the egress policy."""

from __future__ import annotations

import httpx

from jiraex_shared.connections.address_rules import is_canonical_ip_literal
from jiraex_shared.connections.connection_errors import ConnectionInputError
from jiraex_shared.jira import normalise_base_url

MAX_BASE_URL_LENGTH = 2048  # the column's size


def validate_base_url(raw: str) -> str:
    """The normalised ``http(s)://host[:port][/prefix]``; ConnectionInputError says what is wrong otherwise.

    Refused: other schemes, user info (``https://x.atlassian.net@10.0.0.1`` goes to 10.0.0.1), queries,
    fragments, and IP addresses spelled in a non-standard way (``2130706433``, ``0x7f.1``): such a spelling
    only serves to slip an address past a reader, so the user is asked for the dotted form instead.
    """
    if not raw or not raw.strip():
        raise ConnectionInputError("base_url", "the Jira base URL is required")
    if len(raw) > MAX_BASE_URL_LENGTH:
        raise ConnectionInputError("base_url", f"the Jira base URL is longer than {MAX_BASE_URL_LENGTH} characters")
    if "#" in raw:
        raise ConnectionInputError("base_url", "the Jira base URL must not have a fragment")
    try:
        url = normalise_base_url(raw)
    except ValueError as error:
        raise ConnectionInputError("base_url", str(error)) from None
    if not is_canonical_ip_literal(base_url_host(url)):
        raise ConnectionInputError(
            "base_url", "write an IP address in the standard dotted form (like 192.0.2.10), or use a host name"
        )
    return url


def base_url_host(url: str) -> str:
    """The host of a URL as the resolver sees it (IPv6 without brackets)."""
    return httpx.URL(url).host


def base_url_port(url: str) -> int:
    parsed = httpx.URL(url)
    return parsed.port or (443 if parsed.scheme == "https" else 80)
