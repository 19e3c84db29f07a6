"""Open the artifact store the settings select: S3 when a bucket is configured, else `data_dir/exports`."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiobotocore.config import AioConfig
from aiobotocore.session import AioSession, get_session
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from jiraex_shared.settings import Settings
from jiraex_shared.settings.adapters import exports_dir
from jiraex_shared.settings.loader import env_name
from jiraex_shared.storage.errors import StorageConfigError
from jiraex_shared.storage.local import LocalArtifactStore
from jiraex_shared.storage.protocol import ArtifactStore
from jiraex_shared.storage.s3 import S3ArtifactStore, S3Tuning
from jiraex_shared.storage.s3_errors import S3Client, error_code


def local_root(settings: Settings) -> Path:
    """Where the local store keeps files; `describe_adapters` reports the same directory."""
    return exports_dir(settings)


@asynccontextmanager
async def open_artifact_store(
    settings: Settings,
    *,
    session: AioSession | None = None,
    create_bucket: bool = False,
    tuning: S3Tuning | None = None,
) -> AsyncIterator[ArtifactStore]:
    """Yield the configured store, its S3 client closed on exit.

    Same rule as `settings.describe_adapters`: S3 when `s3_bucket` is set. A missing bucket is an error naming
    JIRA_EXTRACTOR_S3_BUCKET unless `create_bucket` (for `jiraex serve`-style setups and tests) asks to make it.
    """
    if not settings.s3_bucket:
        root = local_root(settings)
        await asyncio.to_thread(root.mkdir, parents=True, exist_ok=True)
        yield LocalArtifactStore(root)
        return
    session = session or get_session()
    async with session.create_client("s3", **s3_client_arguments(settings)) as client:
        await ensure_bucket(client, settings, create=create_bucket)
        yield S3ArtifactStore(client, settings.s3_bucket, tuning=tuning)


def s3_client_arguments(settings: Settings) -> dict[str, Any]:
    """Keyword arguments of `AioSession.create_client("s3", …)` for the settings."""
    config = AioConfig(
        # MinIO serves buckets under the path (http://minio:9000/bucket/key), not as sub-domains.
        s3={"addressing_style": "path" if settings.s3_path_style else "virtual"},
        signature_version="s3v4",
        connect_timeout=10,
        read_timeout=60,
        retries={"max_attempts": 5, "mode": "standard"},
        # Checksums only where S3 demands them: MinIO and other S3-compatible servers differ on the newer ones.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        # Load the service model in a thread, not on the event loop.
        warm_up_loader_caches=True,
    )
    return {
        "region_name": settings.s3_region,
        "endpoint_url": settings.s3_endpoint_url or None,
        # Empty keys leave botocore's own chain (instance role, web identity) to find credentials.
        "aws_access_key_id": settings.s3_access_key_id or None,
        "aws_secret_access_key": settings.s3_secret_access_key or None,
        "config": config,
    }


async def ensure_bucket(client: S3Client, settings: Settings, *, create: bool) -> None:
    """Check the bucket is there and ours (or create it), with errors that name the setting to fix."""
    bucket = settings.s3_bucket
    where = settings.s3_endpoint_url or f"AWS region {settings.s3_region}"
    try:
        await client.head_bucket(Bucket=bucket)
        return
    except ClientError as error:
        code = error_code(error)
        if code in {"403", "AccessDenied", "Forbidden"}:
            raise StorageConfigError(
                f"access to S3 bucket {bucket!r} at {where} was refused; check {env_name('s3_access_key_id')} "
                f"and {env_name('s3_secret_access_key')}"
            ) from error
        if code not in {"404", "NoSuchBucket", "NotFound"}:
            raise StorageConfigError(f"S3 bucket {bucket!r} at {where} cannot be used: {code}") from error
    except NoCredentialsError as error:
        raise StorageConfigError(
            f"no S3 credentials: set {env_name('s3_access_key_id')} and {env_name('s3_secret_access_key')}"
        ) from error
    except BotoCoreError as error:
        raise StorageConfigError(
            f"cannot reach S3 at {where} ({error}); check {env_name('s3_endpoint_url')}"
        ) from error
    if not create:
        raise StorageConfigError(
            f"S3 bucket {bucket!r} does not exist at {where}; create it or set {env_name('s3_bucket')} "
            "to an existing bucket"
        )
    arguments: dict[str, Any] = {"Bucket": bucket}
    if settings.s3_region != "us-east-1":
        arguments["CreateBucketConfiguration"] = {"LocationConstraint": settings.s3_region}
    try:
        await client.create_bucket(**arguments)
    except ClientError as error:
        if error_code(error) not in {"BucketAlreadyOwnedByYou"}:
            raise StorageConfigError(f"cannot create S3 bucket {bucket!r} at {where}: {error}") from error
