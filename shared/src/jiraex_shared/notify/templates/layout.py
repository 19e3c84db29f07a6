"""The building blocks every template uses; each escapes what it is given, so no template can forget to.

HTML is assembled only from ``Html`` fragments these helpers return. Values from outside (export names,
Jira's error text, people's names) go in as plain ``str`` and come out escaped; a link must be http(s).
"""

import html
import re
from collections.abc import Iterable, Sequence
from typing import NewType
from urllib.parse import urlsplit

from jiraex_shared.notify.errors import InvalidMailParams

Html = NewType("Html", str)

PRODUCT = "Jira Issue Extractor"
MAX_SUBJECT = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def escape(value: object) -> Html:
    return Html(html.escape(str(value), quote=True))


def one_line(value: object, limit: int = MAX_SUBJECT) -> str:
    """``value`` with line breaks and control characters collapsed to spaces (safe in a header), cut to ``limit``."""
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def checked_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL; a ``javascript:`` or relative link never reaches a mail."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise InvalidMailParams(f"a link in a mail must be an absolute http(s) URL, got scheme {parts.scheme!r}")
    return url.strip()


def paragraph(text: str) -> Html:
    return Html(f'<p style="margin:0 0 12px">{escape(text)}</p>')


def heading(text: str) -> Html:
    return Html(f'<h1 style="font-size:18px;margin:0 0 16px">{escape(text)}</h1>')


def button(url: str, label: str) -> Html:
    href = escape(checked_url(url))
    return Html(
        f'<p style="margin:20px 0"><a href="{href}" style="background:#0052cc;color:#ffffff;padding:10px 16px;'
        f'border-radius:4px;text-decoration:none;display:inline-block">{escape(label)}</a></p>'
        f'<p style="margin:0 0 12px;font-size:12px;color:#5e6c84">{escape(url.strip())}</p>'
    )


def facts(rows: Sequence[tuple[str, str]]) -> Html:
    cells = "".join(
        f'<tr><th style="text-align:left;padding:2px 12px 2px 0;font-weight:600">{escape(name)}</th>'
        f'<td style="padding:2px 0">{escape(value)}</td></tr>'
        for name, value in rows
    )
    return Html(f'<table style="border-collapse:collapse;margin:0 0 12px">{cells}</table>')


def bullet_list(items: Iterable[str]) -> Html:
    return Html("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")


def preformatted(text: str) -> Html:
    return Html(f'<pre style="white-space:pre-wrap;background:#f4f5f7;padding:8px">{escape(text)}</pre>')


def html_document(title: str, blocks: Iterable[Html]) -> str:
    body = "".join(blocks)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>"
        '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#172b4d">'
        f"{body}"
        f'<p style="margin:24px 0 0;font-size:12px;color:#5e6c84">{escape(PRODUCT)}</p>'
        "</body></html>"
    )


def text_document(paragraphs: Iterable[str]) -> str:
    return "\n\n".join(paragraphs) + f"\n\n-- \n{PRODUCT}\n"


def text_facts(rows: Sequence[tuple[str, str]]) -> str:
    width = max((len(name) for name, _ in rows), default=0)
    return "\n".join(f"{name + ':':<{width + 1}} {value}" for name, value in rows)
