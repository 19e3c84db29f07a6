"""The files an export produced: a sorted walk of its folder, each with size and SHA-256."""

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import msgspec

_READ_SIZE = 1024 * 1024


class ProducedFile(msgspec.Struct, frozen=True, kw_only=True):
    """One output file; ``path`` is relative to the export folder, with forward slashes."""

    path: str
    size: int
    sha256: str


def hash_file(path: str | Path) -> tuple[int, str]:
    """Size and SHA-256 hex digest of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while block := handle.read(_READ_SIZE):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def describe_file(directory: str | Path, relative: str) -> ProducedFile:
    # Joined as strings: Python 3.11's pathlib interns each path part, one string per file forever.
    size, sha256 = hash_file(os.path.join(directory, relative))
    return ProducedFile(path=relative, size=size, sha256=sha256)


def iter_directory_files(directory: str | Path, prefix: str = "") -> Iterator[str]:
    """Relative paths of every regular file below ``directory``, sorted by path segment; symlinks skipped.

    Only one directory's names are held at a time (a folder of 100,000 issue pages costs one list
    of names), and sub-directories are few, so they are remembered by name.
    """
    with os.scandir(directory) as scan:
        folders: set[str] = set()
        names: list[str] = []
        for entry in scan:
            if entry.is_dir(follow_symlinks=False):
                folders.add(entry.name)
                names.append(entry.name)
            elif entry.is_file(follow_symlinks=False):
                names.append(entry.name)
    names.sort()
    for name in names:
        if name in folders:
            yield from iter_directory_files(os.path.join(directory, name), f"{prefix}{name}/")
        else:
            yield f"{prefix}{name}"


def iter_produced_files(
    directory: Path, *, exclude: frozenset[str] = frozenset({"manifest.json"})
) -> Iterator[ProducedFile]:
    """Every file of the export folder with its size and hash, in sorted order, for the manifest."""
    for relative in iter_directory_files(directory):
        if relative not in exclude:
            yield describe_file(directory, relative)
