"""The settings object: one frozen Struct whose field names are the variable names without the prefix."""

from typing import Literal

import msgspec

LogFormat = Literal["auto", "json", "console"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
SmtpTls = Literal["none", "starttls", "tls"]

# Fields whose values must never be echoed in errors, logs or `jiraex config check`.
SECRET_FIELDS = frozenset({"s3_secret_access_key", "smtp_password", "secret_key", "old_secret_keys", "admin_password"})


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Every field maps to `JIRA_EXTRACTOR_<FIELD NAME IN UPPER CASE>`; an empty URL selects the embedded adapter."""

    # Storage of record (empty: SQLite file in data_dir).
    database_url: str = ""
    # Commands and events (empty: in-process command bus).
    rabbitmq_url: str = ""
    # Progress streams and the shared rate governor (empty: in memory).
    redis_url: str = ""
    # Export files (empty endpoint and bucket: local files under data_dir/exports).
    s3_endpoint_url: str = ""
    s3_bucket: str = ""
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    s3_region: str = "us-east-1"
    s3_path_style: bool = True
    data_dir: str = "./data"
    # Mail (empty host: mail is logged, not sent).
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_tls: SmtpTls = "starttls"
    smtp_timeout_seconds: float = 30.0
    mail_from: str = "Jira Issue Extractor <noreply@localhost>"
    # base64 of 32 bytes; encrypts Jira credentials at rest.
    secret_key: str = ""
    # Retired keys (comma-separated base64) still opening credentials until `jiraex rotate-key` re-seals them.
    old_secret_keys: tuple[str, ...] = ()
    admin_email: str = ""
    admin_password: str = ""
    jira_allowed_hosts: tuple[str, ...] = ()
    enable_scheduler: bool = False
    scheduler_tick_seconds: float = 30.0
    # Pause a schedule after this many failed runs in a row (its owner is e-mailed).
    scheduler_failure_limit: int = 5
    # A queued job nobody claimed for this long is republished by the scheduler's reaper (lost publish).
    reaper_idle_seconds: float = 60.0
    # Delete finished exports (files and job rows) this many days after they ended; 0 keeps them forever.
    export_retention_days: float = 0.0
    public_url: str = "http://localhost:8080"
    api_host: str = "127.0.0.1"
    api_port: int = 8080
    # Peers (IPs/CIDRs) whose X-Forwarded-For/-Proto the API believes, e.g. the ingress; others are the client.
    trusted_proxies: tuple[str, ...] = ()
    migrate_on_start: bool = True
    worker_concurrency: int = 8
    chunk_size: int = 500
    worker_grace_seconds: float = 25.0
    # How long a claim on a job or chunk lasts without renewal (renewed every third); a dead worker's chunk
    # is taken over by the reaper after this.
    worker_lease_seconds: float = 60.0
    log_format: LogFormat = "auto"
    log_level: LogLevel = "INFO"
