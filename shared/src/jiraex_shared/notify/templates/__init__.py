"""Mail templates: plain Python over escaping helpers, one module per kind of mail."""

from jiraex_shared.notify.templates.account_mails import render_invitation, render_password_reset
from jiraex_shared.notify.templates.catalog import render_command_mail
from jiraex_shared.notify.templates.job_mails import job_page_url, render_job_finished
from jiraex_shared.notify.templates.schedule_mails import render_schedule_paused

__all__ = [
    "job_page_url",
    "render_command_mail",
    "render_invitation",
    "render_job_finished",
    "render_password_reset",
    "render_schedule_paused",
]
