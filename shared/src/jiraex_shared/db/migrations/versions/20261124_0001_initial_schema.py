"""initial schema: users and credentials, connections, folders, schedules, jobs and their outputs

Revision ID: 20261124_0001
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261124_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types as they were on this date; revisions never import application types.
# CHECK names are spelled in full inside op.f(): otherwise Alembic applies the models' naming convention
# ("ck_%(table_name)s_%(constraint_name)s") to them a second time.
UUID = sa.Uuid()
INTEGER = sa.Integer()
TIMESTAMP = sa.DateTime(timezone=True)
JSON_DOC = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")
BIGINT_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# Creation order; downgrade drops in reverse so foreign keys never dangle.
TABLES = (
    "users",
    "auth_tokens",
    "invitations",
    "password_resets",
    "connections",
    "folders",
    "schedules",
    "jobs",
    "job_chunks",
    "job_events",
    "files",
    "attachment_blobs",
    "app_config",
    "audit_log",
    "email_deliveries",
)


def _id() -> sa.Column:
    return sa.Column("id", UUID, nullable=False)


def _created_at() -> sa.Column:
    return sa.Column("created_at", TIMESTAMP, server_default=sa.func.now(), nullable=False)


def _updated_at() -> sa.Column:
    return sa.Column("updated_at", TIMESTAMP, server_default=sa.func.now(), nullable=False)


def _count(name: str, type_: sa.types.TypeEngine = INTEGER) -> sa.Column:
    return sa.Column(name, type_, server_default="0", nullable=False)


def _export_counts() -> list[sa.Column]:
    return [
        _count("issues_exported"),
        _count("comments"),
        _count("histories"),
        _count("worklogs"),
        _count("attachments"),
        _count("attachment_bytes", sa.BigInteger()),
    ]


def _allowed(column: str, table: str, values: Sequence[str]) -> sa.CheckConstraint:
    quoted = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({quoted})", name=op.f(f"ck_{table}_{column}_allowed"))


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete)


def upgrade() -> None:
    _create_accounts()
    _create_connections_and_schedules()
    _create_jobs()
    _create_job_outputs()
    _create_admin_tables()


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)


def _create_accounts() -> None:
    op.create_table(
        "users",
        _id(),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), server_default="member", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("preferences", JSON_DOC, server_default=sa.text("'{}'"), nullable=False),
        sa.Column("last_login_at", TIMESTAMP, nullable=True),
        _created_at(),
        _updated_at(),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
        _allowed("role", "users", ("admin", "member")),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_users_email_lowercase")),
    )
    op.create_table(
        "auth_tokens",
        _id(),
        sa.Column("token_hash", sa.String(128), nullable=False),
        sa.Column("user_id", UUID, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("expires_at", TIMESTAMP, nullable=True),
        sa.Column("last_used_at", TIMESTAMP, nullable=True),
        sa.Column("revoked_at", TIMESTAMP, nullable=True),
        sa.Column("user_agent", sa.String(512), nullable=True),
        sa.Column("ip", sa.String(64), nullable=True),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name="pk_auth_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_auth_tokens_token_hash"),
        _fk("auth_tokens", "user_id", "users", "CASCADE"),
        _allowed("kind", "auth_tokens", ("session", "api")),
    )
    op.create_index("ix_auth_tokens_user_id", "auth_tokens", ["user_id"])
    op.create_index("ix_auth_tokens_expires_at", "auth_tokens", ["expires_at"])
    op.create_table(
        "invitations",
        _id(),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("role", sa.String(16), server_default="member", nullable=False),
        sa.Column("token_hash", sa.String(128), nullable=False),
        sa.Column("invited_by", UUID, nullable=True),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.Column("accepted_at", TIMESTAMP, nullable=True),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.UniqueConstraint("token_hash", name="uq_invitations_token_hash"),
        _fk("invitations", "invited_by", "users", "SET NULL"),
        _allowed("role", "invitations", ("admin", "member")),
    )
    op.create_index("ix_invitations_email", "invitations", ["email"])
    op.create_index("ix_invitations_expires_at", "invitations", ["expires_at"])
    op.create_table(
        "password_resets",
        _id(),
        sa.Column("user_id", UUID, nullable=False),
        sa.Column("token_hash", sa.String(128), nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.Column("used_at", TIMESTAMP, nullable=True),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name="pk_password_resets"),
        sa.UniqueConstraint("token_hash", name="uq_password_resets_token_hash"),
        _fk("password_resets", "user_id", "users", "CASCADE"),
    )
    op.create_index("ix_password_resets_user_id", "password_resets", ["user_id"])
    op.create_index("ix_password_resets_expires_at", "password_resets", ["expires_at"])


def _create_connections_and_schedules() -> None:
    op.create_table(
        "connections",
        _id(),
        sa.Column("owner_id", UUID, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("base_url", sa.String(2048), nullable=False),
        sa.Column("deployment", sa.String(16), server_default="unknown", nullable=False),
        sa.Column("auth_kind", sa.String(16), nullable=False),
        sa.Column("username", sa.String(320), nullable=True),
        sa.Column("credential_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("credential_nonce", sa.LargeBinary(), nullable=False),
        sa.Column("credential_key_id", sa.String(64), nullable=False),
        sa.Column("rate_cap_rps", sa.Float(), nullable=True),
        _created_at(),
        _updated_at(),
        sa.PrimaryKeyConstraint("id", name="pk_connections"),
        _fk("connections", "owner_id", "users", "CASCADE"),
        _allowed("deployment", "connections", ("cloud", "server", "unknown")),
        _allowed("auth_kind", "connections", ("basic", "bearer")),
        sa.CheckConstraint("rate_cap_rps IS NULL OR rate_cap_rps > 0", name=op.f("ck_connections_rate_cap_positive")),
    )
    op.create_index("ix_connections_owner_id", "connections", ["owner_id"])
    op.create_table(
        "folders",
        _id(),
        sa.Column("owner_id", UUID, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        _created_at(),
        _updated_at(),
        sa.PrimaryKeyConstraint("id", name="pk_folders"),
        sa.UniqueConstraint("owner_id", "name", name="uq_folders_owner_id_name"),
        _fk("folders", "owner_id", "users", "CASCADE"),
    )
    op.create_table(
        "schedules",
        _id(),
        sa.Column("owner_id", UUID, nullable=False),
        sa.Column("connection_id", UUID, nullable=False),
        sa.Column("folder_id", UUID, nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("cron", sa.String(128), nullable=True),
        sa.Column("interval_seconds", sa.Integer(), nullable=True),
        sa.Column("timezone", sa.String(64), server_default="UTC", nullable=False),
        sa.Column("spec", JSON_DOC, nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("incremental", sa.Boolean(), server_default=sa.false(), nullable=False),
        _count("lookback_seconds"),
        sa.Column("catch_up", sa.String(16), server_default="latest", nullable=False),
        sa.Column("recipients", JSON_DOC, server_default=sa.text("'[]'"), nullable=False),
        sa.Column("next_run_at", TIMESTAMP, nullable=True),
        sa.Column("last_run_at", TIMESTAMP, nullable=True),
        sa.Column("last_success_started_at", TIMESTAMP, nullable=True),
        _count("consecutive_failures"),
        sa.Column("paused_reason", sa.Text(), nullable=True),
        _created_at(),
        _updated_at(),
        sa.PrimaryKeyConstraint("id", name="pk_schedules"),
        _fk("schedules", "owner_id", "users", "CASCADE"),
        _fk("schedules", "connection_id", "connections", "CASCADE"),
        _fk("schedules", "folder_id", "folders", "SET NULL"),
        sa.CheckConstraint("(cron IS NULL) <> (interval_seconds IS NULL)", name=op.f("ck_schedules_one_trigger")),
        sa.CheckConstraint(
            "interval_seconds IS NULL OR interval_seconds > 0", name=op.f("ck_schedules_interval_positive")
        ),
        sa.CheckConstraint("lookback_seconds >= 0", name=op.f("ck_schedules_lookback_not_negative")),
        _allowed("catch_up", "schedules", ("none", "latest", "all")),
    )
    op.create_index("ix_schedules_enabled_next_run_at", "schedules", ["enabled", "next_run_at"])
    op.create_index("ix_schedules_owner_id", "schedules", ["owner_id"])
    op.create_index("ix_schedules_connection_id", "schedules", ["connection_id"])
    op.create_index("ix_schedules_folder_id", "schedules", ["folder_id"])


def _create_jobs() -> None:
    op.create_table(
        "jobs",
        _id(),
        sa.Column("owner_id", UUID, nullable=True),
        sa.Column("connection_id", UUID, nullable=True),
        sa.Column("folder_id", UUID, nullable=True),
        sa.Column("schedule_id", UUID, nullable=True),
        sa.Column("planned_run_at", TIMESTAMP, nullable=True),
        sa.Column("idempotency_key", sa.String(200), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("spec", JSON_DOC, nullable=False),
        sa.Column("state", sa.String(32), server_default="queued", nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), server_default=sa.false(), nullable=False),
        _count("epoch"),
        sa.Column("lease_owner", sa.String(200), nullable=True),
        sa.Column("lease_until", TIMESTAMP, nullable=True),
        _count("attempts"),
        sa.Column("enumeration_cursor", JSON_DOC, nullable=True),
        sa.Column("chunks_total", sa.Integer(), nullable=True),
        _count("chunks_done"),
        sa.Column("issues_expected", sa.Integer(), nullable=True),
        *_export_counts(),
        _count("requests", sa.BigInteger()),
        _count("rate_limited"),
        sa.Column("error_kind", sa.String(64), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("receipt", JSON_DOC, nullable=True),
        _created_at(),
        sa.Column("started_at", TIMESTAMP, nullable=True),
        sa.Column("finished_at", TIMESTAMP, nullable=True),
        _updated_at(),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
        _fk("jobs", "owner_id", "users", "SET NULL"),
        _fk("jobs", "connection_id", "connections", "SET NULL"),
        _fk("jobs", "folder_id", "folders", "SET NULL"),
        _fk("jobs", "schedule_id", "schedules", "SET NULL"),
        sa.UniqueConstraint("idempotency_key", name="uq_jobs_idempotency_key"),
        sa.UniqueConstraint("schedule_id", "planned_run_at", name="uq_jobs_schedule_id_planned_run_at"),
        _allowed(
            "state",
            "jobs",
            (
                "queued",
                "planning",
                "running",
                "assembling",
                "succeeded",
                "succeeded_with_warnings",
                "failed",
                "cancelled",
            ),
        ),
    )
    op.create_index("ix_jobs_owner_id_created_at", "jobs", ["owner_id", "created_at"])
    op.create_index("ix_jobs_created_at", "jobs", ["created_at"])
    op.create_index("ix_jobs_state_lease_until", "jobs", ["state", "lease_until"])
    op.create_index("ix_jobs_connection_id", "jobs", ["connection_id"])
    op.create_index("ix_jobs_folder_id", "jobs", ["folder_id"])
    op.create_table(
        "job_chunks",
        sa.Column("job_id", UUID, nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("issue_ids", JSON_DOC, nullable=False),
        sa.Column("state", sa.String(16), server_default="pending", nullable=False),
        _count("epoch"),
        sa.Column("lease_owner", sa.String(200), nullable=True),
        sa.Column("lease_until", TIMESTAMP, nullable=True),
        _count("attempts"),
        *_export_counts(),
        sa.Column("part_uri", sa.String(2048), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("error_kind", sa.String(64), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        _created_at(),
        _updated_at(),
        sa.PrimaryKeyConstraint("job_id", "seq", name="pk_job_chunks"),
        _fk("job_chunks", "job_id", "jobs", "CASCADE"),
        _allowed("state", "job_chunks", ("pending", "running", "done", "failed")),
    )
    op.create_index("ix_job_chunks_state_lease_until", "job_chunks", ["state", "lease_until"])
    op.create_table(
        "job_events",
        sa.Column("id", BIGINT_ID, autoincrement=True, nullable=False),
        sa.Column("job_id", UUID, nullable=False),
        sa.Column("stream_id", sa.String(64), nullable=True),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("payload", JSON_DOC, server_default=sa.text("'{}'"), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name="pk_job_events"),
        _fk("job_events", "job_id", "jobs", "CASCADE"),
    )
    op.create_index("ix_job_events_job_id_id", "job_events", ["job_id", "id"])


def _create_job_outputs() -> None:
    op.create_table(
        "files",
        _id(),
        sa.Column("job_id", UUID, nullable=False),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("content_type", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("uri", sa.String(2048), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name="pk_files"),
        sa.UniqueConstraint("job_id", "path", name="uq_files_job_id_path"),
        _fk("files", "job_id", "jobs", "CASCADE"),
    )
    op.create_table(
        "attachment_blobs",
        sa.Column("connection_id", UUID, nullable=False),
        sa.Column("attachment_id", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("uri", sa.String(2048), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("connection_id", "attachment_id", name="pk_attachment_blobs"),
        _fk("attachment_blobs", "connection_id", "connections", "CASCADE"),
    )


def _create_admin_tables() -> None:
    op.create_table(
        "app_config",
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("value", JSON_DOC, nullable=False),
        sa.Column("updated_at", TIMESTAMP, server_default=sa.func.now(), nullable=False),
        sa.Column("updated_by", UUID, nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_app_config"),
        _fk("app_config", "updated_by", "users", "SET NULL"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", BIGINT_ID, autoincrement=True, nullable=False),
        sa.Column("at", TIMESTAMP, server_default=sa.func.now(), nullable=False),
        sa.Column("actor_id", UUID, nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target_type", sa.String(64), nullable=True),
        sa.Column("target_id", sa.String(64), nullable=True),
        sa.Column("details", JSON_DOC, server_default=sa.text("'{}'"), nullable=False),
        sa.Column("ip", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        _fk("audit_log", "actor_id", "users", "SET NULL"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_actor_id", "audit_log", ["actor_id"])
    op.create_index("ix_audit_log_target_type_target_id", "audit_log", ["target_type", "target_id"])
    op.create_table(
        "email_deliveries",
        _id(),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("status", sa.String(16), server_default="pending", nullable=False),
        _count("attempts"),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", TIMESTAMP, nullable=True),
        _created_at(),
        _updated_at(),
        sa.PrimaryKeyConstraint("id", name="pk_email_deliveries"),
        sa.UniqueConstraint("event_id", "recipient", name="uq_email_deliveries_event_id_recipient"),
        _allowed("status", "email_deliveries", ("pending", "sent", "failed")),
    )
