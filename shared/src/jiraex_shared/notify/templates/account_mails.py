"""Invitation and password-reset mails; their links hold single-use secrets, so they are never logged."""

from collections.abc import Mapping

from jiraex_shared.notify.mail import RenderedMail
from jiraex_shared.notify.templates.layout import (
    PRODUCT,
    button,
    checked_url,
    heading,
    html_document,
    one_line,
    paragraph,
    text_document,
)


def render_invitation(params: Mapping[str, str]) -> RenderedMail:
    inviter = one_line(params["invited_by"], 320)
    url = checked_url(params["accept_url"])
    subject = f"{inviter} invited you to {PRODUCT}"
    intro = f"{inviter} invited you to {PRODUCT}, where your team exports Jira issues."
    expiry = f"The link works once and expires at {params['expires_at']}."
    return RenderedMail(
        subject=one_line(subject),
        text=text_document([intro, f"Accept the invitation and choose your password:\n{url}", expiry]),
        html=html_document(
            subject,
            [heading(f"You are invited to {PRODUCT}"), paragraph(intro), button(url, "Accept the invitation"),
             paragraph(expiry)],
        ),
    )


def render_password_reset(params: Mapping[str, str]) -> RenderedMail:
    url = checked_url(params["reset_url"])
    subject = f"Reset your {PRODUCT} password"
    intro = f"Someone asked to reset the password of your {PRODUCT} account."
    expiry = f"The link works once and expires at {params['expires_at']}."
    ignore = "If it was not you, ignore this mail: your password stays as it is."
    return RenderedMail(
        subject=subject,
        text=text_document([intro, f"Choose a new password:\n{url}", expiry, ignore]),
        html=html_document(
            subject,
            [heading(subject), paragraph(intro), button(url, "Choose a new password"), paragraph(expiry),
             paragraph(ignore)],
        ),
    )
