"""Build `Settings` from an environment mapping, with errors that name the offending variable."""

import base64
import binascii
import ipaddress
import re
import typing
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

import msgspec

from jiraex_shared.settings.model import SECRET_FIELDS, Settings

ENV_PREFIX = "JIRA_EXTRACTOR_"
_TUPLE_FIELDS = {"jira_allowed_hosts", "trusted_proxies", "old_secret_keys"}
_MSGSPEC_PATH = re.compile(r"at `\$\.(\w+)")


class SettingsError(ValueError):
    """A setting is invalid; `variable` names the environment variable, the message says what is wrong."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable
        self.problem = problem


def env_name(field: str) -> str:
    return ENV_PREFIX + field.upper()


def load_settings(environ: Mapping[str, str]) -> Settings:
    """Read every `JIRA_EXTRACTOR_*` variable of `environ` (pass `os.environ` from `main()`), validate, return."""
    fields = set(Settings.__struct_fields__)
    raw: dict[str, object] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        field = name[len(ENV_PREFIX):].lower()
        if field not in fields:
            # Unknown names are ignored so a newer deployment manifest still starts an older image.
            continue
        value = value.strip()
        if value == "" and field not in {"database_url", "rabbitmq_url", "redis_url"}:
            continue
        if field == "log_level":
            value = value.upper()
        raw[field] = [part.strip() for part in value.split(",") if part.strip()] if field in _TUPLE_FIELDS else value
    try:
        settings = msgspec.convert(raw, Settings, strict=False)
    except msgspec.ValidationError as error:
        raise _named(error, raw) from None
    for field, check in _CHECKS.items():
        problem = check(getattr(settings, field), settings)
        if problem:
            raise SettingsError(env_name(field), problem)
    return settings


def _named(error: msgspec.ValidationError, raw: Mapping[str, object]) -> SettingsError:
    match = _MSGSPEC_PATH.search(str(error))
    field = match.group(1) if match else "?"
    detail = str(error).split(" - at ")[0]
    detail = detail.replace("Expected `", "expected ").replace("`, got `", ", got ").rstrip("`")
    choices = typing.get_args(typing.get_type_hints(Settings).get(field))
    if detail.startswith("Invalid enum value") and choices:
        detail = "expected one of " + ", ".join(choices)
    if field not in SECRET_FIELDS and field in raw:
        detail += f" (value {raw[field]!r})"
    return SettingsError(env_name(field), detail)


def _database_url(url: str, _: Settings) -> str | None:
    if not url:
        return None
    scheme = urlsplit(url).scheme
    if scheme in {"postgresql", "postgres"}:
        return "use the asyncpg driver: postgresql+asyncpg://user:password@host:5432/database"
    if scheme == "sqlite":
        return "use the aiosqlite driver: sqlite+aiosqlite:///path/to/file.db"
    if scheme not in {"postgresql+asyncpg", "sqlite+aiosqlite"}:
        return f"not a database URL ({_mask(url)!r}); expected postgresql+asyncpg://… or sqlite+aiosqlite:///…"
    return None


def _url_with(schemes: set[str], example: str) -> Callable[[str, Settings], str | None]:
    def check(url: str, _: Settings) -> str | None:
        if not url:
            return None
        parts = urlsplit(url)
        if parts.scheme not in schemes or not (parts.hostname or parts.scheme == "unix"):
            return f"not a valid URL ({_mask(url)!r}); expected {example}"
        return None

    return check


def _s3_bucket(bucket: str, settings: Settings) -> str | None:
    if settings.s3_endpoint_url and not bucket:
        return "required when JIRA_EXTRACTOR_S3_ENDPOINT_URL is set"
    if bucket and not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", bucket):
        return f"not a valid bucket name ({bucket!r}): 3-63 lower-case letters, digits, dots and hyphens"
    return None


def _secret_key(key: str, _: Settings) -> str | None:
    if not key:
        return None
    try:
        decoded = base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        return "not valid base64; generate one with: openssl rand -base64 32"
    return None if len(decoded) == 32 else f"must decode to 32 bytes, got {len(decoded)}"


def _old_secret_keys(keys: tuple[str, ...], settings: Settings) -> str | None:
    for position, key in enumerate(keys, start=1):
        problem = _secret_key(key, settings)
        if problem:
            return f"key {position}: {problem}"
    if keys and not settings.secret_key:
        return "set JIRA_EXTRACTOR_SECRET_KEY too: it is the key credentials are re-sealed with"
    return None


def _allowed_hosts(hosts: tuple[str, ...], _: Settings) -> str | None:
    for host in hosts:
        try:
            ipaddress.ip_network(host, strict=False)
        except ValueError:
            if not re.fullmatch(r"[A-Za-z0-9.-]+", host):
                return f"{host!r} is neither a host name nor an IP address/CIDR"
    return None


def _networks(networks: tuple[str, ...], _: Settings) -> str | None:
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            return f"{network!r} is not an IP address or CIDR"
    return None


def _port(port: int, _: Settings) -> str | None:
    return None if 0 < port < 65536 else f"port must be 1-65535, got {port}"


def _positive(value: float, _: Settings) -> str | None:
    return None if value > 0 else f"must be greater than 0, got {value}"


def _not_negative(value: float, _: Settings) -> str | None:
    return None if value >= 0 else f"must be 0 or more, got {value}"


def _mask(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


_CHECKS: dict[str, Callable[..., str | None]] = {
    "database_url": _database_url,
    "rabbitmq_url": _url_with({"amqp", "amqps"}, "amqp://user:password@host:5672/vhost"),
    "redis_url": _url_with({"redis", "rediss", "unix"}, "redis://host:6379/0"),
    "s3_endpoint_url": _url_with({"http", "https"}, "http://minio:9000"),
    "s3_bucket": _s3_bucket,
    "public_url": _url_with({"http", "https"}, "https://exports.example.com"),
    "secret_key": _secret_key,
    "old_secret_keys": _old_secret_keys,
    "jira_allowed_hosts": _allowed_hosts,
    "trusted_proxies": _networks,
    "api_port": _port,
    "smtp_port": _port,
    "worker_concurrency": _positive,
    "chunk_size": _positive,
    "worker_grace_seconds": _positive,
    "worker_lease_seconds": _positive,
    "scheduler_tick_seconds": _positive,
    "scheduler_failure_limit": _positive,
    "reaper_idle_seconds": _positive,
    "export_retention_days": _not_negative,
    "smtp_timeout_seconds": _positive,
}
