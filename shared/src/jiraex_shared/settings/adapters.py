"""Which adapter each component uses for given settings: the one place that decides the mode (ARCHITECTURE §2)."""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from jiraex_shared.settings.model import Settings


@dataclass(frozen=True)
class AdapterChoice:
    component: str
    adapter: str
    detail: str


def sqlite_path(settings: Settings) -> Path:
    return Path(settings.data_dir) / "jiraex.db"


def exports_dir(settings: Settings) -> Path:
    """Where the local artifact store keeps export files and attachment blobs when no S3 bucket is set."""
    return Path(settings.data_dir) / "exports"


def database_url(settings: Settings) -> str:
    """The SQLAlchemy URL to connect to: the configured one, or the embedded SQLite file in the data dir."""
    return settings.database_url or f"sqlite+aiosqlite:///{sqlite_path(settings).resolve()}"


def describe_adapters(settings: Settings) -> list[AdapterChoice]:
    url = database_url(settings)
    database = (
        AdapterChoice("database", "PostgreSQL", _where(url))
        if url.startswith("postgresql")
        else AdapterChoice("database", "SQLite", url.split(":///", 1)[1])
    )
    bus = (
        AdapterChoice("command bus", "RabbitMQ", _where(settings.rabbitmq_url))
        if settings.rabbitmq_url
        else AdapterChoice("command bus", "in-process", "commands run inside this process")
    )
    stream = (
        AdapterChoice("event stream + rate governor", "Redis", _where(settings.redis_url))
        if settings.redis_url
        else AdapterChoice("event stream + rate governor", "memory", "progress and rate limits stay in this process")
    )
    if settings.s3_bucket:
        endpoint = _where(settings.s3_endpoint_url) if settings.s3_endpoint_url else "AWS"
        storage = AdapterChoice("artifact store", "S3", f"bucket {settings.s3_bucket} at {endpoint}")
    else:
        storage = AdapterChoice("artifact store", "local", str(exports_dir(settings).resolve()))
    mail = (
        AdapterChoice("mailer", "SMTP", f"{settings.smtp_host}:{settings.smtp_port} ({settings.smtp_tls})")
        if settings.smtp_host
        else AdapterChoice("mailer", "log", "mail is logged, not sent")
    )
    return [database, bus, stream, storage, mail]


def _where(url: str) -> str:
    """Host, port and path of a URL without its credentials."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}{parts.path}"
