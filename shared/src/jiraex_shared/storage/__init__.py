"""Artifact storage: export files and attachment blobs in S3 (MinIO) or a local directory (ARCHITECTURE §6)."""

from jiraex_shared.storage.errors import ArtifactNotFound, InvalidKey, StorageConfigError, StorageError
from jiraex_shared.storage.factory import open_artifact_store
from jiraex_shared.storage.keys import (
    attachment_key,
    job_archive_key,
    job_key,
    job_prefix,
    safe_segment,
    validate_key,
    validate_prefix,
)
from jiraex_shared.storage.local import LocalArtifactStore
from jiraex_shared.storage.protocol import ArtifactStore, StoredObject
from jiraex_shared.storage.s3 import S3ArtifactStore, S3Tuning

__all__ = [
    "ArtifactNotFound",
    "ArtifactStore",
    "InvalidKey",
    "LocalArtifactStore",
    "S3ArtifactStore",
    "S3Tuning",
    "StorageConfigError",
    "StorageError",
    "StoredObject",
    "attachment_key",
    "job_archive_key",
    "job_key",
    "job_prefix",
    "open_artifact_store",
    "safe_segment",
    "validate_key",
    "validate_prefix",
]
