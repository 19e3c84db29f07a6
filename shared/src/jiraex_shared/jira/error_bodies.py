"""Jira's own words from an error body of any shape: ErrorCollection, message/status-code, HTML, empty."""

from __future__ import annotations

import html
import re
from http import HTTPStatus
from typing import Any

import msgspec

MAX_MESSAGE_CHARS = 500

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(rb"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def error_message(status: int, content_type: str | None, body: bytes) -> str:
    """A one-line, human message for an error response; falls back to the HTTP reason phrase."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    message: str | None = None
    if media_type == "application/json" or media_type.endswith("+json"):
        message = _from_json(body)
    elif media_type in ("text/html", "application/xhtml+xml"):
        message = _from_html(body)
    elif body.strip():
        # Unknown or missing Content-Type: JSON bodies still happen (old proxies strip the header).
        message = (
            _from_json(body)
            if body.lstrip()[:1] in (b"{", b"[")
            else _one_line(body.decode("utf-8", "replace"))
        )
    message = _one_line(message) if message else None
    return _clip(message) if message else _reason(status, empty=not body.strip())


def _from_json(body: bytes) -> str | None:
    try:
        data = msgspec.json.decode(body)
    except msgspec.DecodeError:
        if body.lstrip()[:1] == b"<":  # an HTML page labelled as JSON (gateways do this on 429/502)
            return _from_html(body)
        return _one_line(body.decode("utf-8", "replace")) or None
    return _from_document(data)


def _from_document(data: Any) -> str | None:
    if isinstance(data, list):
        return "; ".join(str(item) for item in data if item) or None
    if not isinstance(data, dict):
        return str(data) if data not in (None, "") else None
    parts: list[str] = []
    messages = data.get("errorMessages")
    if isinstance(messages, list):
        parts += [str(text) for text in messages if text]
    errors = data.get("errors")
    if isinstance(errors, dict):
        parts += [f"{name}: {text}" for name, text in errors.items() if text]
    if parts:
        return "; ".join(parts)
    # Cloud's gateway and auth layer: {"message": …, "status-code": 401}, {"error": …}, problem+json "detail".
    for key in ("message", "errorMessage", "error", "detail", "title"):
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, dict) and (nested := _from_document(value)):
            return nested  # media host: {"error": {"code": …, "message": …}}
    return None


def _from_html(body: bytes) -> str | None:
    for pattern in (_TITLE, _HEADING):
        found = pattern.search(body)
        if found:
            text = _one_line(_TAG.sub(" ", found.group(1).decode("utf-8", "replace")), unescape=True)
            if text:
                return text
    return _one_line(_TAG.sub(" ", body.decode("utf-8", "replace")), unescape=True) or None


def _one_line(text: str, *, unescape: bool = False) -> str:
    return _SPACE.sub(" ", html.unescape(text) if unescape else text).strip()


def _clip(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


def _reason(status: int, *, empty: bool) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = f"HTTP {status}"
    return f"{phrase} (empty response body)" if empty else f"{phrase} (no message in the response body)"
