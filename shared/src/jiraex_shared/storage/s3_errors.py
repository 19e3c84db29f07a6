"""Botocore's exceptions turned into the store's own, naming the key and S3's error code."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from jiraex_shared.storage.errors import ArtifactNotFound, StorageError

# An S3 client from aiobotocore; its methods are generated from the service model, so it has no static type.
S3Client = Any

_NOT_FOUND = {"NoSuchKey", "404", "NotFound"}


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def is_not_found(error: ClientError) -> bool:
    return error_code(error) in _NOT_FOUND


@contextmanager
def s3_errors(action: str, key: str) -> Iterator[None]:
    """Raise `ArtifactNotFound` for a missing key and `StorageError` for any other S3 or transport failure."""
    try:
        yield
    except ClientError as error:
        if is_not_found(error):
            raise ArtifactNotFound(key) from error
        message = error.response.get("Error", {}).get("Message", "")
        raise StorageError(f"S3 {action} of {key!r} failed: {error_code(error)} {message}".rstrip()) from error
    except BotoCoreError as error:
        raise StorageError(f"S3 {action} of {key!r} failed: {error}") from error
