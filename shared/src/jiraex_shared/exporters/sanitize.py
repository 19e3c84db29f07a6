"""Escaping and URL vetting shared by every HTML renderer: nothing from Jira reaches a page unescaped."""

import html
import re
from urllib.parse import quote

from jiraex_shared.exporters.xml_chars import strip_invalid_xml_chars

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Browsers ignore ASCII whitespace and control characters inside a URL, so "java\tscript:" is javascript:.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_ORIGIN = re.compile(r"^(https?://[^/?#]+)", re.IGNORECASE)
_CLASS_TOKEN = re.compile(r"[^a-z0-9_-]+")


def clean_text(text: str) -> str:
    """Drop characters that make HTML/XML ill-formed or unencodable (controls, lone surrogates)."""
    return strip_invalid_xml_chars(text)


def escape(text: object) -> str:
    """Escape any value for an HTML text node or a double-quoted attribute."""
    return html.escape(clean_text(text if isinstance(text, str) else str(text)), quote=True)


def safe_url(href: object, base_url: str = "") -> str | None:
    """Return a URL that is safe to put in ``href``/``src``, or None.

    Only http, https and mailto pass; ``javascript:``, ``data:``, ``vbscript:`` and every other scheme
    are refused. A site-relative Jira link ("/browse/X-1") is resolved against the Jira base URL's origin
    because it would point at the local disk in an offline copy.
    """
    if not isinstance(href, str):
        return None
    candidate = _URL_NOISE.sub("", clean_text(href))
    if not candidate:
        return None
    scheme = _SCHEME.match(candidate)
    if scheme:
        return candidate if scheme.group(1).lower() in SAFE_SCHEMES else None
    if candidate.startswith("//"):
        return "https:" + candidate
    if candidate.startswith("#"):
        return candidate
    if candidate.startswith("/"):
        origin = _ORIGIN.match(base_url.strip())
        return origin.group(1) + candidate if origin else None
    return None


def relative_href(path: str, prefix: str = "") -> str:
    """Percent-encode each segment of a relative path for ``href`` (``#``, ``?``, ``%``, spaces)."""
    return prefix + "/".join(quote(segment, safe="") for segment in path.split("/"))


def class_token(value: object, fallback: str = "default") -> str:
    """A CSS class fragment from Jira data (panel type, status colour): lower-case letters, digits, dashes."""
    token = _CLASS_TOKEN.sub("-", str(value).lower()).strip("-")[:32] if value is not None else ""
    return token or fallback
