"""Errors of the artifact store, the same whichever adapter raised them."""


class StorageError(Exception):
    """Storing or reading an artifact failed; the message names the key and the cause."""


class ArtifactNotFound(StorageError, KeyError):
    """No object is stored under the key."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no artifact stored under {key!r}")
        self.key = key

    def __str__(self) -> str:
        # KeyError would print the repr of the message; keep it readable.
        return str(self.args[0])


class InvalidKey(StorageError, ValueError):
    """A key, prefix or name is unsafe (could escape the store) or malformed."""


class StorageConfigError(StorageError):
    """The configured store cannot be used (bucket missing, credentials refused, endpoint unreachable)."""
