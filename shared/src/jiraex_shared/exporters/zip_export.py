"""The export as one ZIP: the folder's files plus attachments, streamed, deterministic, with safe names."""

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from jiraex_shared.exporters.attachment_paths import numbered, safe_segment
from jiraex_shared.exporters.digest_set import DigestSet, name_digest
from jiraex_shared.exporters.produced_files import ProducedFile, hash_file, iter_directory_files
from jiraex_shared.exporters.zip_format import ZipStreamWriter

_READ_SIZE = 1024 * 1024
# Formats that are compressed already: deflating them again costs CPU and saves nothing.
# fmt: off
_COMPRESSED_SUFFIXES = frozenset({
    "7z", "aac", "apk", "avi", "br", "bz2", "docx", "epub", "flac", "gif", "gz", "heic", "jar", "jpeg", "jpg",
    "m4a", "m4v", "mkv", "mov", "mp3", "mp4", "odp", "ods", "odt", "ogg", "pdf", "png", "pptx", "rar", "tgz",
    "webm", "webp", "xlsx", "xz", "zip", "zst",
})
# fmt: on
_SEPARATORS = re.compile(r"[\\/]+")


def safe_entry_name(name: str) -> str:
    """A ZIP entry name that extracts inside the target folder on any OS.

    Backslashes count as separators; empty, "." and ".." segments are dropped (so "../x" is "x" and
    "/etc/passwd" is "etc/passwd"); a drive letter's colon and control characters are replaced; every
    segment is made safe like an attachment file name.
    """
    segments = [s for s in _SEPARATORS.split(name) if s.strip(" ") not in ("", ".", "..")]
    safe = [safe_segment(segment, "_") for segment in segments]
    return "/".join(safe) or "unnamed"


class _UniqueNames:
    """Entry names already used, compared case-insensitively, held as 64-bit digests to bound memory."""

    def __init__(self) -> None:
        self._seen = DigestSet()

    def claim(self, name: str) -> str:
        safe = safe_entry_name(name)
        folder, _, leaf = safe.rpartition("/")
        candidate, number = safe, 1
        while not self._seen.add(name_digest(candidate.casefold())):
            number += 1
            candidate = f"{folder}/{numbered(leaf, number)}" if folder else numbered(leaf, number)
        return candidate


def _should_compress(name: str) -> bool:
    return name.rpartition(".")[2].lower() not in _COMPRESSED_SUFFIXES


def _read(path: str | Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while block := handle.read(_READ_SIZE):
            yield block


def write_zip(zip_path: Path, directory: Path, attachments: Iterable[tuple[str, str | Path]]) -> ProducedFile:
    """Write ``zip_path`` from every file under ``directory`` (sorted) and then ``attachments`` (in order).

    ``attachments`` pairs an entry name (``attachments/{KEY}/{file}``) with the local file holding its
    bytes; pass them in export order. A name already used (ignoring case) gets a " (2)" suffix, so
    when the folder itself holds ``attachments/`` pass an empty iterable. The archive itself is skipped
    if it lies inside ``directory``. Returns the archive's size and SHA-256.
    """
    names = _UniqueNames()
    resolved_zip = os.path.realpath(zip_path)
    with zip_path.open("wb") as out, ZipStreamWriter(out) as archive:
        for relative in iter_directory_files(directory):
            # Joined as strings: Python 3.11's pathlib interns each path part, one string per file forever.
            source = os.path.join(directory, relative)
            if os.path.realpath(source) == resolved_zip:
                continue
            archive.add(
                names.claim(relative),
                _read(source),
                compress=_should_compress(relative),
                size_hint=os.stat(source).st_size,
            )
        for name, blob in attachments:
            archive.add(
                names.claim(name),
                _read(blob),
                compress=_should_compress(name),
                size_hint=os.stat(blob).st_size,
            )
    size, sha256 = hash_file(zip_path)
    return ProducedFile(path=zip_path.name, size=size, sha256=sha256)
