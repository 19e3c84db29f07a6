"""Deterministic JSON: sorted keys everywhere, so the same data always gives the same bytes."""

from typing import Any

import msgspec

from jiraex_shared.exporters.xml_chars import replace_surrogates

# order="sorted" sorts dict keys (and struct fields) at every depth; the encoder holds no I/O state.
_encoder = msgspec.json.Encoder(order="sorted")


def encode_sorted(value: Any) -> bytes:
    """Compact JSON with sorted keys; lone surrogates (invalid in UTF-8) become U+FFFD instead of failing."""
    try:
        return _encoder.encode(value)
    except UnicodeEncodeError:
        return _encoder.encode(_scrub(value))


def encode_pretty(value: Any) -> bytes:
    """Sorted, two-space indented JSON ending in a newline, for small human-read files."""
    return msgspec.json.format(encode_sorted(value), indent=2) + b"\n"


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return replace_surrogates(value)
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    return value
