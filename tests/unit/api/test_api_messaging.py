"""Without RabbitMQ and without a notifier handler, an e-mail command is logged by template, never by its links."""

from api_harness import logs_captured

from jiraex_api.messaging import log_email
from jiraex_shared.contracts.notifications import SendEmail


async def test_unsent_mail_is_logged_without_its_secret_link() -> None:
    secret = "https://x.example/reset-password#token=SECRET-TOKEN-VALUE"
    with logs_captured() as logs:
        await log_email(SendEmail(template="password_reset", to="a@example.com", params={
            "reset_url": secret, "expires_at": "2026-01-01T00:00:00+00:00"}))
    assert '"event": "email_not_sent"' in logs.getvalue()
    assert "SECRET-TOKEN-VALUE" not in logs.getvalue()
