"""Safe, unique, deterministic file names inside an export, whatever Jira users named their files."""

import re
import unicodedata

ATTACHMENTS_DIR = "attachments"
# Leaves room for a " (12)" suffix under the 255-byte name limit of common file systems.
MAX_NAME_BYTES = 200
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{n}" for n in "123456789¹²³"}
    | {f"LPT{n}" for n in "123456789¹²³"}
)
# Path separators, characters Windows refuses, C0/C1 controls, and bidi overrides that disguise extensions.
_UNSAFE = re.compile('[<>:"/\\\\|?*\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]')
_COMPOUND_SUFFIXES = (".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst")


def split_extension(name: str) -> tuple[str, str]:
    """Where a " (2)" suffix goes: ("archive", ".tar.gz"), ("report", ".pdf"), (".hidden", "")."""
    lowered = name.lower()
    for suffix in _COMPOUND_SUFFIXES:
        if lowered.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], name[-len(suffix) :]
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 16 or " " in ext:
        return name, ""
    return stem, "." + ext


def _fit(stem: str, extension: str, suffix: str = "") -> str:
    """Cut the stem (never the extension) so the UTF-8 name stays within MAX_NAME_BYTES."""
    budget = MAX_NAME_BYTES - len((suffix + extension).encode("utf-8"))
    encoded = stem.encode("utf-8")
    if len(encoded) > budget:
        stem = encoded[: max(budget, 1)].decode("utf-8", "ignore").rstrip(" .") or "_"
    return stem + suffix + extension


def safe_segment(name: str, fallback: str = "file") -> str:
    """One path segment safe on Windows, macOS and Linux: NFC, no separators or controls, no ".."/"CON".

    Trailing dots and spaces (dropped by Windows) are removed, reserved device names get a "_" prefix,
    and the result is at most MAX_NAME_BYTES bytes of UTF-8, keeping the extension.
    """
    text = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip(" ").rstrip(". ")
    if not text:  # "", "." and ".." all end here
        return fallback
    if text.split(".", 1)[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
        text = "_" + text
    return _fit(*split_extension(text))


def numbered(name: str, number: int) -> str:
    """``name`` with " (number)" before its extension: "report (2).pdf"."""
    stem, extension = split_extension(name)
    return _fit(stem, extension, f" ({number})")


def attachment_path(issue_key: str, filename: str, taken: set[str]) -> str:
    """``attachments/{KEY}/{safe name}`` for one attachment, unique among the paths in ``taken``.

    Uniqueness ignores case (two files "A.png" and "a.png" would collide on Windows and macOS), so the
    later one becomes "a (2).png". ``taken`` is updated; call in export order for stable names.
    """
    folder = safe_segment(issue_key, "issue")
    name = safe_segment(filename, "attachment")
    candidate, number = name, 1
    while f"{folder}/{candidate}".casefold() in taken:
        number += 1
        candidate = numbered(name, number)
    taken.add(f"{folder}/{candidate}".casefold())
    return f"{ATTACHMENTS_DIR}/{folder}/{candidate}"
