"""The settings `jiraex serve` runs with: embedded adapters only, command-line overrides, the data dir's key."""

from pathlib import Path

import msgspec

from jiraex_api.embedded.secret_key import load_or_create_secret_key
from jiraex_shared.settings import Settings

# Set, these select the fleet's shared services; the embedded product keeps all of that inside its process.
FLEET_SETTINGS = {
    "rabbitmq_url": "JIRA_EXTRACTOR_RABBITMQ_URL",
    "redis_url": "JIRA_EXTRACTOR_REDIS_URL",
    "s3_bucket": "JIRA_EXTRACTOR_S3_BUCKET",
    "s3_endpoint_url": "JIRA_EXTRACTOR_S3_ENDPOINT_URL",
}


class NotEmbedded(ValueError):
    """Fleet services are configured: `jiraex serve` is not the process to run; the message says which is."""


def embedded_settings(
    settings: Settings, *, host: str | None = None, port: int | None = None, data_dir: str | None = None
) -> Settings:
    """``settings`` with the command line's overrides and a secret key (the data dir's when none is set).

    ``JIRA_EXTRACTOR_DATABASE_URL`` may point at PostgreSQL (the design's "simplified" mode: one process on a
    shared database); RabbitMQ, Redis and S3 are refused, since workers elsewhere would never see this
    process's in-memory bus and streams.
    """
    configured = [variable for field, variable in FLEET_SETTINGS.items() if getattr(settings, field)]
    if configured:
        raise NotEmbedded(
            f"{', '.join(configured)} {'is' if len(configured) == 1 else 'are'} set: `jiraex serve` is the "
            "one-process product and keeps its bus, progress streams and files inside this process. With the "
            "fleet's services, run `jiraex-api` with `jiraex-extractor-worker`, `jiraex-scheduler` and "
            "`jiraex-notifier` (`make up`), or unset those variables."
        )
    changes: dict[str, object] = {}
    if host is not None:
        changes["api_host"] = host
    if port is not None:
        changes["api_port"] = port
    if data_dir is not None:
        changes["data_dir"] = data_dir
    resolved = msgspec.structs.replace(settings, **changes)
    if not resolved.database_url:
        # Owner-only: it holds the database (password hashes, sealed credentials), the exports and the key.
        Path(resolved.data_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
    if not resolved.secret_key:
        # A configured key was validated by the settings loader; this one is checked as it is read.
        resolved = msgspec.structs.replace(resolved, secret_key=load_or_create_secret_key(Path(resolved.data_dir)))
    return resolved
