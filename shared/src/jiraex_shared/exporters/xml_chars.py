"""Characters XML 1.0 cannot carry, and their removal so any Jira text yields a well-formed document."""

import re

# XML 1.0 §2.2 Char: tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF. A lone
# surrogate (possible in a Python str decoded leniently) falls outside the ranges too, so it is dropped.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def strip_invalid_xml_chars(text: str) -> str:
    """Return ``text`` without the characters XML 1.0 forbids (control characters, surrogates, U+FFFE/F)."""
    return _INVALID_XML.sub("", text)


def replace_surrogates(text: str) -> str:
    """Replace lone surrogates, which UTF-8 cannot encode, with U+FFFD so the text can be written."""
    if text.isascii():
        return text
    return _SURROGATE.sub("\ufffd", text)
