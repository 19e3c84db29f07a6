"""The API on every real service at once: PostgreSQL, Redis, RabbitMQ and moto S3, each isolated per test."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from api_harness import ApiHarness, api_settings, running_api


@pytest.fixture
async def fleet_api(
    tmp_path: Path, pg_url: str, redis_url: str, redis_prefix: str, rabbitmq_url: str, s3_bucket: tuple[str, str]
) -> AsyncIterator[ApiHarness]:
    endpoint, bucket = s3_bucket
    settings = api_settings(
        str(tmp_path), database_url=pg_url, redis_url=redis_url, rabbitmq_url=rabbitmq_url,
        s3_endpoint_url=endpoint, s3_bucket=bucket, s3_access_key_id="test", s3_secret_access_key="test",
    )
    async with running_api(settings, redis_prefix=redis_prefix) as harness:
        yield harness
