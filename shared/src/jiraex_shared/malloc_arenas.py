"""Cap glibc's malloc arenas so that exporting in worker threads does not grow memory with the export.

glibc gives threads their own malloc arenas (up to 8 per core) and returns an arena's freed memory to the
system only from its top. The exporters render on `asyncio.to_thread` workers, so every thread keeps its
own high-water mark of fragmented heap: measured on a 10,000-issue export, resident memory rose by 40 MiB
during assembly with the default and stayed flat with one arena (bench/README.md, "Memory"). The GIL
serialises Python's allocations anyway, so a single arena costs no parallelism worth having.
"""

import ctypes
import ctypes.util
import os

_M_ARENA_MAX = -8  # from glibc's malloc.h
ENV_OVERRIDE = "MALLOC_ARENA_MAX"  # glibc's own variable: an operator's explicit choice wins


def limit_malloc_arenas(arenas: int = 1) -> bool:
    """Set glibc's arena cap for threads started from now on; True if applied (False on other C libraries)."""
    if os.environ.get(ENV_OVERRIDE):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to tune
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(_M_ARENA_MAX, arenas))
