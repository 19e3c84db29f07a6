"""Object keys: the validation every store applies, and the layout of ARCHITECTURE §6 built from safe segments."""

import re
import unicodedata
import uuid

from jiraex_shared.storage.errors import InvalidKey

MAX_KEY_BYTES = 1024  # S3's limit; the local store keeps the same so both accept exactly the same keys
MAX_SEGMENT_BYTES = 255  # a file name on every common filesystem
# Names the local store uses for its temporary files and metadata; no key may use them.
RESERVED_PREFIX = ".jiraex"

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
# Characters that are path syntax or forbidden in file names on some system the export may be unpacked on.
_UNSAFE_IN_NAME = set('/\\<>:"|?*')
_MAX_NAME_BYTES = 200


def validate_key(key: str) -> str:
    """Return `key` if it is a safe relative path of non-empty segments; raise `InvalidKey` otherwise.

    Rejected: empty keys, absolute paths, backslashes, control characters (NUL included), empty, `.` and `..`
    segments, segments starting with `.jiraex`, and keys or segments too long for S3 or a filesystem.
    """
    if not isinstance(key, str) or not key:
        raise InvalidKey(f"a key must be a non-empty string, got {key!r}")
    _check_characters(key)
    if key.startswith("/"):
        raise InvalidKey(f"a key must be relative, got {key!r}")
    if len(key.encode("utf-8")) > MAX_KEY_BYTES:
        raise InvalidKey(f"key longer than {MAX_KEY_BYTES} bytes: {key[:60]!r}…")
    for segment in key.split("/"):
        if segment in {"", ".", ".."}:
            raise InvalidKey(f"empty, '.' or '..' path segment in key {key!r}")
        if segment.startswith(RESERVED_PREFIX):
            raise InvalidKey(f"segment {segment!r} of key {key!r} uses the reserved prefix {RESERVED_PREFIX!r}")
        if len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES:
            raise InvalidKey(f"path segment longer than {MAX_SEGMENT_BYTES} bytes in key {key[:60]!r}…")
    return key


def validate_prefix(prefix: str) -> str:
    """Return `prefix` if every key it can match is valid: empty (everything) or a key, optionally ending in `/`."""
    if prefix == "":
        return prefix
    validate_key(prefix[:-1] if prefix.endswith("/") else prefix)
    return prefix


def safe_segment(name: str, *, fallback: str = "export") -> str:
    """Turn a user-chosen name into one harmless path segment, deterministically.

    Path separators, characters Windows forbids, control and invisible formatting characters become `_`;
    surrounding spaces and dots go (no `..`, no hidden or reserved names); the result is NFC-normalised and
    cut to 200 UTF-8 bytes. A name with nothing left becomes `fallback`.
    """
    normalised = unicodedata.normalize("NFC", name)
    cleaned = "".join(
        "_" if char in _UNSAFE_IN_NAME or unicodedata.category(char) in {"Cc", "Cf", "Cs", "Zl", "Zp"} else char
        for char in normalised
    )
    cleaned = _cut(cleaned.strip(" ."), _MAX_NAME_BYTES).strip(" .")
    return cleaned or fallback


def attachment_key(connection_id: str | uuid.UUID, attachment_id: str) -> str:
    """`attachments/{connection_id}/{attachment_id}`: Jira attachments are immutable, so one blob per pair forever."""
    return f"attachments/{_id(connection_id, 'connection id')}/{_id(attachment_id, 'attachment id')}"


def job_prefix(job_id: str | uuid.UUID) -> str:
    """`jobs/{job_id}/`: everything one job stored, for listing or deleting it."""
    return f"jobs/{_id(job_id, 'job id')}/"


def job_key(job_id: str | uuid.UUID, export_name: str, relative_path: str) -> str:
    """`jobs/{job_id}/{export_name}/{relative_path}`: one file of an export folder."""
    validate_key(relative_path)
    return validate_key(f"{job_prefix(job_id)}{safe_segment(export_name)}/{relative_path}")


def job_archive_key(job_id: str | uuid.UUID, export_name: str) -> str:
    """`jobs/{job_id}/{export_name}.zip`: the export folder as one archive, beside the folder."""
    return validate_key(f"{job_prefix(job_id)}{safe_segment(export_name)}.zip")


def _id(value: str | uuid.UUID, what: str) -> str:
    text = str(value) if isinstance(value, uuid.UUID) else value
    if not isinstance(text, str) or not _ID.fullmatch(text):
        raise InvalidKey(f"{what} must be 1-128 letters, digits, '.', '_' or '-' starting alphanumeric, got {value!r}")
    return text


def _check_characters(key: str) -> None:
    if "\\" in key:
        raise InvalidKey(f"backslash in key {key!r}")
    if any(unicodedata.category(char) in {"Cc", "Cs"} for char in key):
        raise InvalidKey(f"control character or lone surrogate in key {key!r}")


def _cut(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore")
