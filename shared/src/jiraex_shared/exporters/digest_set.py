"""A set of 8-byte digests in one bytearray: 16 bytes an entry instead of ~75 for a Python set of bytes."""

import hashlib

_WIDTH = 8
_EMPTY = bytes(_WIDTH)


def name_digest(name: str) -> bytes:
    """A 64-bit digest of a name, never all zeros (that marks an empty slot)."""
    digest = hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=_WIDTH).digest()
    return digest if digest != _EMPTY else b"\x00" * (_WIDTH - 1) + b"\x01"


class DigestSet:
    """Open addressing with linear probing, kept at most half full; grows by doubling."""

    def __init__(self, capacity: int = 1024) -> None:
        self._slots = bytearray(capacity * _WIDTH)
        self._capacity = capacity
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def _find(self, digest: bytes) -> tuple[int, bool]:
        """The slot holding ``digest`` (True) or the empty slot where it would go (False)."""
        index = int.from_bytes(digest, "little") % self._capacity
        while True:
            start = index * _WIDTH
            current = self._slots[start : start + _WIDTH]
            if current == _EMPTY:
                return start, False
            if current == digest:
                return start, True
            index = (index + 1) % self._capacity

    def __contains__(self, digest: object) -> bool:
        return isinstance(digest, bytes) and self._find(digest)[1]

    def add(self, digest: bytes) -> bool:
        """Insert ``digest``; False when it was already present."""
        start, found = self._find(digest)
        if found:
            return False
        self._slots[start : start + _WIDTH] = digest
        self._count += 1
        if self._count * 2 > self._capacity:
            self._grow()
        return True

    def _grow(self) -> None:
        old = self._slots
        self._capacity *= 2
        self._slots = bytearray(self._capacity * _WIDTH)
        for start in range(0, len(old), _WIDTH):
            digest = bytes(old[start : start + _WIDTH])
            if digest != _EMPTY:
                slot, _ = self._find(digest)
                self._slots[slot : slot + _WIDTH] = digest
