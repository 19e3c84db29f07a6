"""Which renderer each ``notify.email`` template name uses (a closed set: a dict, no registry)."""

from collections.abc import Callable, Mapping

from jiraex_shared.contracts import EmailTemplate, SendEmail
from jiraex_shared.notify.mail import RenderedMail
from jiraex_shared.notify.templates.account_mails import render_invitation, render_password_reset
from jiraex_shared.notify.templates.schedule_mails import render_schedule_paused

RENDERERS: Mapping[EmailTemplate, Callable[[Mapping[str, str]], RenderedMail]] = {
    "invitation": render_invitation,
    "password_reset": render_password_reset,
    "schedule_paused": render_schedule_paused,
}


def render_command_mail(message: SendEmail) -> RenderedMail:
    """The mail a ``notify.email`` command asks for; ``InvalidMailParams`` when a link is not http(s)."""
    return RENDERERS[message.template](message.params)
