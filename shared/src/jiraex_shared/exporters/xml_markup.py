"""Escaped XML fragments; every text and attribute passes through here, so output is always well-formed."""

from collections.abc import Mapping

from jiraex_shared.exporters.xml_chars import strip_invalid_xml_chars

Attributes = Mapping[str, object | None]


def xml_text(value: object) -> str:
    text = strip_invalid_xml_chars(value if isinstance(value, str) else str(value))
    # A raw CR in content would be read back as LF. (Chained replace is far faster than str.translate.)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def xml_attribute(value: object) -> str:
    # Tab, LF and CR in an attribute would be normalised to spaces by any parser unless escaped.
    return xml_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _attributes(attributes: Attributes | None) -> str:
    if not attributes:
        return ""
    return "".join(
        f' {name}="{xml_attribute(value)}"' for name, value in attributes.items() if value is not None
    )


def start_tag(tag: str, attributes: Attributes | None = None) -> str:
    return f"<{tag}{_attributes(attributes)}>"


def element(tag: str, text: object = "", attributes: Attributes | None = None) -> str:
    """``<tag a="v">text</tag>``, or ``<tag a="v"/>`` when there is no text."""
    content = "" if text is None else xml_text(text)
    if not content:
        return f"<{tag}{_attributes(attributes)}/>"
    return f"<{tag}{_attributes(attributes)}>{content}</{tag}>"
