"""Where the tests find the real services: environment variables with loopback defaults (see scripts/services)."""

import os
from dataclasses import dataclass
from typing import NoReturn


@dataclass(frozen=True)
class ServiceUrls:
    postgres_dsn: str
    redis_url: str
    rabbitmq_url: str
    rabbitmq_api: str
    s3_endpoint_url: str
    smtp: str
    smtp_maildir: str

    @classmethod
    def from_environ(cls) -> "ServiceUrls":
        env = os.environ.get
        return cls(
            postgres_dsn=env("JIRAEX_TEST_POSTGRES_DSN", "postgresql://postgres:postgres@127.0.0.1:5432/postgres"),
            redis_url=env("JIRAEX_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
            rabbitmq_url=env("JIRAEX_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/"),
            rabbitmq_api=env("JIRAEX_TEST_RABBITMQ_API", "http://guest:guest@127.0.0.1:15672/api"),
            s3_endpoint_url=env("JIRAEX_TEST_S3_ENDPOINT_URL", "http://127.0.0.1:9000"),
            smtp=env("JIRAEX_TEST_SMTP", "127.0.0.1:1025"),
            smtp_maildir=env("JIRAEX_TEST_SMTP_MAILDIR", "/tmp/jiraex-services/maildir"),
        )


def in_ci() -> bool:
    """CI makes a missing service a failure; a developer's machine skips with a reason."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def not_installed(reason: str) -> NoReturn:
    """A tool a test needs is missing: fail in CI (where .ci/run installs it), skip with the reason elsewhere."""
    import pytest

    if in_ci():
        pytest.fail(reason)
    pytest.skip(reason)
