"""Mail: templates, recipient rules, the SMTP and in-memory mailers, and the notifier's transport-free handlers."""

from jiraex_shared.notify.deps import NotifierDeps, create_mailer, open_notifier_deps
from jiraex_shared.notify.dispatch import DeliveryReport, deliver
from jiraex_shared.notify.errors import (
    DeliveryPostponed,
    DeliveryRefused,
    InvalidMailParams,
    MailError,
    MailPermanentError,
    MailTemporaryError,
)
from jiraex_shared.notify.handlers import notify_job_finished, send_command_mail
from jiraex_shared.notify.in_process import notifier_handlers
from jiraex_shared.notify.mail import OutgoingMail, RenderedMail
from jiraex_shared.notify.mailer import Mailer
from jiraex_shared.notify.memory_mailer import MemoryMailer
from jiraex_shared.notify.recipients import (
    DEFAULT_JOB_NOTIFICATIONS,
    JOB_NOTIFICATION_CHOICES,
    JOB_NOTIFICATIONS_PREFERENCE,
    JobNotifications,
    OwnerContact,
    job_recipients,
)
from jiraex_shared.notify.retry import RetryPolicy
from jiraex_shared.notify.smtp_mailer import SmtpConfig, SmtpMailer

__all__ = [
    "DEFAULT_JOB_NOTIFICATIONS",
    "JOB_NOTIFICATIONS_PREFERENCE",
    "JOB_NOTIFICATION_CHOICES",
    "DeliveryPostponed",
    "DeliveryRefused",
    "DeliveryReport",
    "InvalidMailParams",
    "JobNotifications",
    "MailError",
    "MailPermanentError",
    "MailTemporaryError",
    "Mailer",
    "MemoryMailer",
    "NotifierDeps",
    "OutgoingMail",
    "OwnerContact",
    "RenderedMail",
    "RetryPolicy",
    "SmtpConfig",
    "SmtpMailer",
    "create_mailer",
    "deliver",
    "job_recipients",
    "notifier_handlers",
    "notify_job_finished",
    "open_notifier_deps",
    "send_command_mail",
]
