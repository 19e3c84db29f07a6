"""Stable integer mixing for per-issue sub-seeds (Python's str hash is salted per process)."""

import random
from collections.abc import Sequence
from typing import TypeVar

_MASK = (1 << 64) - 1
T = TypeVar("T")


def _splitmix(x: int) -> int:
    z = (x + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def mix(*parts: int) -> int:
    """Fold integers into one well-distributed 64-bit value; equal inputs give equal outputs everywhere."""
    h = 0x6A09E667F3BCC908
    for part in parts:
        h = _splitmix(h ^ (part & _MASK))
    return h


def sub_rng(*parts: int) -> random.Random:
    """A private generator for one (seed, purpose, index...) tuple; simulation data, not cryptography."""
    return random.Random(mix(*parts))  # noqa: S311


class Stream:
    """Purpose tags so independent derivations never share a generator."""

    RECORDS = 1
    SUMMARY = 2
    DETAIL = 3
    COMMENTS = 4
    HISTORIES = 5
    WORKLOGS = 6
    ATTACHMENTS = 7
    BYTES = 8
    USERS = 9
    DOC = 10
    HISTORY_VALUES = 12


# Fast draws: random.Random's choice/randint/randrange/sample cost ~10x a bare random() call, and rendering
# draws thousands of values per request.
def below(rng: random.Random, n: int) -> int:
    """Uniform integer in [0, n)."""
    return int(rng.random() * n)


def between(rng: random.Random, lo: int, hi: int) -> int:
    """Uniform integer in [lo, hi]."""
    return lo + int(rng.random() * (hi - lo + 1))


def pick(rng: random.Random, seq: Sequence[T]) -> T:
    return seq[int(rng.random() * len(seq))]


def subset(rng: random.Random, n: int, k: int) -> tuple[int, ...]:
    """k distinct integers from [0, n), ascending."""
    chosen: set[int] = set()
    k = min(k, n)
    while len(chosen) < k:
        chosen.add(int(rng.random() * n))
    return tuple(sorted(chosen))
