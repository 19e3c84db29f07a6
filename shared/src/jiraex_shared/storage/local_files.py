"""Blocking file work of the local store (atomic writes, metadata sidecars, scans); run it in a worker thread."""

import contextlib
import os
import tempfile
from pathlib import Path

import msgspec

from jiraex_shared.storage.errors import StorageError
from jiraex_shared.storage.hashing import READ_BLOCK, Digest, digest_file
from jiraex_shared.storage.keys import RESERVED_PREFIX


class Sidecar(msgspec.Struct, frozen=True):
    """What S3 keeps as object metadata, kept beside the tree; valid only while size and mtime still match."""

    size: int
    mtime_ns: int
    sha256: str
    content_type: str


class AtomicWriter:
    """A file written under a temporary name in its target's directory, renamed into place only when complete."""

    def __init__(self, target: Path) -> None:
        target = self.target = target.absolute()
        self.digest = Digest()
        for attempt in range(3):
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, name = tempfile.mkstemp(prefix=f"{RESERVED_PREFIX}-", suffix=".part", dir=target.parent)
                break
            except (FileExistsError, NotADirectoryError) as error:
                raise StorageError(f"cannot create {target}: a parent path is a file (a key collides)") from error
            except FileNotFoundError:
                # A concurrent delete or failed write pruned the directory we just made: make it again.
                if attempt == 2:
                    raise
        self._temp = Path(name)
        self._file = os.fdopen(fd, "wb")

    def write(self, pieces: list[bytes]) -> None:
        for piece in pieces:
            self._file.write(piece)
            self.digest.update(piece)

    def commit(self) -> os.stat_result:
        """Flush to disk and move into place; returns the final file's stat."""
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        try:
            os.replace(self._temp, self.target)
        except IsADirectoryError as error:
            self.discard()
            raise StorageError(f"cannot write {self.target}: it is a directory (an object key collides)") from error
        _sync_directory(self.target.parent)
        return self.target.stat()

    def discard(self) -> None:
        self._file.close()
        self._temp.unlink(missing_ok=True)


def _sync_directory(directory: Path) -> None:
    # Makes the rename itself survive a crash, not only the file's bytes.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_into(source: Path, writer: AtomicWriter) -> None:
    with source.open("rb") as handle:
        while block := handle.read(READ_BLOCK):
            writer.write([block])


def write_sidecar(path: Path, info: os.stat_result, sha256: str, content_type: str) -> None:
    writer = AtomicWriter(path)
    try:
        writer.write([msgspec.json.encode(Sidecar(info.st_size, info.st_mtime_ns, sha256, content_type))])
        writer.commit()
    except BaseException:
        writer.discard()
        raise


def read_sidecar(path: Path, info: os.stat_result) -> Sidecar | None:
    """The sidecar if it describes the file as it is now; a stale or damaged one counts as absent."""
    try:
        sidecar = msgspec.json.decode(path.read_bytes(), type=Sidecar)
    except (OSError, msgspec.DecodeError):
        return None
    if (sidecar.size, sidecar.mtime_ns) != (info.st_size, info.st_mtime_ns):
        return None
    return sidecar


def describe(path: Path, sidecar_path: Path) -> tuple[int, str, str | None] | None:
    """(size, sha256, content type or None) of a stored file; hashes it when its sidecar is missing or stale."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not path.is_file():
        return None
    sidecar = read_sidecar(sidecar_path, info)
    if sidecar is not None:
        return sidecar.size, sidecar.sha256, sidecar.content_type
    digest = digest_file(path)
    return digest.size, digest.hexdigest(), None


def scan(directory: Path) -> list[tuple[str, bool, int]]:
    """(name, is directory, size) of a directory's entries in S3 key order, without the store's own files."""
    entries = []
    try:
        with os.scandir(directory) as found:
            for entry in found:
                if entry.name.startswith(RESERVED_PREFIX):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    entries.append((entry.name, True, 0))
                elif entry.is_file(follow_symlinks=False):
                    entries.append((entry.name, False, entry.stat(follow_symlinks=False).st_size))
    except (FileNotFoundError, NotADirectoryError):
        return []
    # A directory sorts as its name plus "/": then a depth-first walk yields keys in UTF-8 byte order, like S3.
    entries.sort(key=lambda entry: (entry[0] + "/" if entry[1] else entry[0]).encode("utf-8", "surrogateescape"))
    return entries


def remove(paths: list[Path], stop_at: Path) -> None:
    """Delete files (absent ones are fine), then the directories they leave empty, up to `stop_at`."""
    parents = set()
    for path in paths:
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            path.unlink()
        parents.add(path.parent)
    for parent in sorted(parents, key=lambda p: len(p.parts), reverse=True):
        prune(parent, stop_at)


def prune(directory: Path, stop_at: Path) -> None:
    while directory != stop_at and stop_at in directory.parents:
        try:
            directory.rmdir()
        except FileNotFoundError:
            pass  # removed while pruning a sibling's path; its parent may still be empty
        except OSError:  # not empty: nothing above it is either
            return
        directory = directory.parent
