"""S3 store fixtures over the moto server: a client on the test's private bucket, and a client that records calls."""

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiobotocore.session import AioSession, get_session

from jiraex_shared.settings import Settings
from jiraex_shared.storage.factory import s3_client_arguments

MiB = 1024 * 1024

Call = Callable[..., Awaitable[Any]]
Interceptor = Callable[[Call, dict[str, Any]], Awaitable[Any]]


class RecordingClient:
    """Wraps an aiobotocore S3 client: records each API call's arguments and lets a test replace a call."""

    RECORDED = frozenset({
        "put_object", "get_object", "head_object", "copy_object", "delete_object", "delete_objects",
        "create_multipart_upload", "upload_part", "upload_part_copy", "complete_multipart_upload",
        "abort_multipart_upload",
    })

    def __init__(self, client: Any) -> None:
        self.client = client
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.interceptors: dict[str, Interceptor] = {}

    def named(self, name: str) -> list[dict[str, Any]]:
        return [arguments for called, arguments in self.calls if called == name]

    def __getattr__(self, name: str) -> Any:
        real = getattr(self.client, name)
        if name not in self.RECORDED:
            return real

        async def call(**arguments: Any) -> Any:
            self.calls.append((name, arguments))
            interceptor = self.interceptors.get(name)
            return await (interceptor(real, arguments) if interceptor else real(**arguments))

        return call


@pytest.fixture
def s3_settings(s3_bucket: tuple[str, str]) -> Settings:
    endpoint, bucket = s3_bucket
    return Settings(
        s3_endpoint_url=endpoint, s3_bucket=bucket, s3_access_key_id="test", s3_secret_access_key="test",
    )


@pytest.fixture(scope="session")
def aio_session() -> AioSession:
    # One session for all tests: it caches the parsed service model, which costs ~0.3 s to load per session.
    return get_session()


@pytest.fixture
async def s3_client(s3_settings: Settings, aio_session: AioSession) -> AsyncIterator[Any]:
    async with aio_session.create_client("s3", **s3_client_arguments(s3_settings)) as client:
        yield client


@pytest.fixture
def recording_client(s3_client: Any) -> RecordingClient:
    return RecordingClient(s3_client)
