"""Database layer: ORM rows for every table and the engine factory; migrations live in ``migrate``."""

from jiraex_shared.db.audit import AuditEntry
from jiraex_shared.db.auth import TOKEN_KINDS, AuthToken, Invitation, PasswordReset
from jiraex_shared.db.base import Base, utcnow
from jiraex_shared.db.config import AppConfig
from jiraex_shared.db.connections import AUTH_KINDS, DEPLOYMENTS, Connection
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.db.files import AttachmentBlob, File
from jiraex_shared.db.folders import Folder
from jiraex_shared.db.job_chunks import CHUNK_STATES, JobChunk
from jiraex_shared.db.job_events import JobEvent
from jiraex_shared.db.jobs import JOB_STATES, TERMINAL_JOB_STATES, Job
from jiraex_shared.db.notifications import DELIVERY_STATUSES, EmailDelivery
from jiraex_shared.db.schedules import CATCH_UP_POLICIES, Schedule
from jiraex_shared.db.users import USER_ROLES, User, normalize_email

__all__ = [
    "AUTH_KINDS",
    "CATCH_UP_POLICIES",
    "CHUNK_STATES",
    "DELIVERY_STATUSES",
    "DEPLOYMENTS",
    "JOB_STATES",
    "TERMINAL_JOB_STATES",
    "TOKEN_KINDS",
    "USER_ROLES",
    "AppConfig",
    "AttachmentBlob",
    "AuditEntry",
    "AuthToken",
    "Base",
    "Connection",
    "EmailDelivery",
    "File",
    "Folder",
    "Invitation",
    "Job",
    "JobChunk",
    "JobEvent",
    "PasswordReset",
    "Schedule",
    "User",
    "create_db_engine",
    "create_session_factory",
    "normalize_email",
    "utcnow",
]
