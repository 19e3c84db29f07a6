"""`jiraex-notifier` as an operator runs it: settings from the environment, mail out, clean exit on SIGTERM."""

import asyncio
import os
import signal
import sys
from typing import Any

import pytest
from notifier_support import parts

from jiraex_shared.bus import RabbitCommandBus
from jiraex_shared.contracts import SendEmail

pytestmark = pytest.mark.integration

ENTRY = [sys.executable, "-c", "import sys; from jiraex_notifier.main import main; sys.exit(main())"]


def _environment(**settings: str) -> dict[str, str]:
    kept = {key: value for key, value in os.environ.items() if not key.startswith("JIRA_EXTRACTOR_")}
    return kept | {f"JIRA_EXTRACTOR_{key.upper()}": value for key, value in settings.items()}


async def test_the_process_sends_mail_and_stops_on_sigterm(
    rabbitmq_url: str, pg_url: str, notifier_db: Any, smtp_sink: Any, bus: RabbitCommandBus
) -> None:
    env = _environment(
        rabbitmq_url=rabbitmq_url, database_url=pg_url, smtp_host=smtp_sink.host, smtp_port=str(smtp_sink.port),
        smtp_tls="none", log_format="json", public_url="https://exports.example.test",
    )
    process = await asyncio.create_subprocess_exec(
        *ENTRY, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    invitee = smtp_sink.address("process")
    secret_url = "https://exports.example.test/invite?token=very-secret-token"
    try:
        await bus.publish(SendEmail(template="invitation", to=invitee,
                                    params={"accept_url": secret_url, "invited_by": "Ada", "expires_at": "later"}))
        [mail] = await smtp_sink.wait_for(invitee, within=30)
        assert secret_url in parts(mail)[0]
    finally:
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()[-3000:]
    logs = stderr.decode()
    assert '"event": "mail_sent"' in logs and '"service": "jiraex-notifier"' in logs
    assert "very-secret-token" not in logs  # the params of an invitation are never logged


async def test_without_a_broker_the_process_refuses_to_start() -> None:
    process = await asyncio.create_subprocess_exec(
        *ENTRY, env=_environment(rabbitmq_url=""), stderr=asyncio.subprocess.PIPE
    )
    async with asyncio.timeout(30):
        _, stderr = await process.communicate()
    assert process.returncode == 2
    assert "JIRA_EXTRACTOR_RABBITMQ_URL is required" in stderr.decode()
