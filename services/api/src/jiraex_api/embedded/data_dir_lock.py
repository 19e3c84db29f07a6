"""One `jiraex serve` per data dir: a second one would share the SQLite file but not the in-memory bus and streams."""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = "serve.lock"


class DataDirInUse(RuntimeError):
    """Another process holds the data dir; the message names it and the holder's pid."""


@contextmanager
def hold_data_dir(data_dir: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``data_dir`` for the block; the kernel drops it if the process dies."""
    path = data_dir / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode(errors="replace").strip() or "unknown"
            raise DataDirInUse(
                f"another `jiraex serve` (pid {holder}) is using {data_dir}; stop it or pass another --data-dir"
            ) from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)
