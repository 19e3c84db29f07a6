"""The notifier's two entry points, free of any transport: RabbitMQ subscribers and the embedded bus call them."""

from jiraex_shared.contracts import JobEvent, SendEmail
from jiraex_shared.db.repositories.notification_audience import load_job_audience
from jiraex_shared.log import get_logger
from jiraex_shared.notify.deps import NotifierDeps
from jiraex_shared.notify.dispatch import DeliveryReport, deliver
from jiraex_shared.notify.recipients import job_recipients
from jiraex_shared.notify.templates import render_command_mail, render_job_finished
from jiraex_shared.notify.templates.job_mails import job_state

log = get_logger(__name__)


async def send_command_mail(deps: NotifierDeps, message: SendEmail) -> DeliveryReport:
    """Send the templated mail a ``notify.email`` command asks for, once per message id.

    Never logs ``message.params``: invitation and reset links are single-use secrets. Raises
    ``InvalidMailParams`` for a command whose links are not http(s), and what ``dispatch.deliver`` raises.
    """
    content = render_command_mail(message)
    log.info("mail_requested", template=message.template)
    return await deliver(deps, message.message_id, [(message.to, content)])


async def notify_job_finished(deps: NotifierDeps, event: JobEvent) -> DeliveryReport:
    """Mail the people who want to hear that a job ended, once per event id and recipient."""
    state = job_state(event)
    async with deps.sessions() as session:
        audience = await load_job_audience(session, event.owner_id, event.schedule_id)
    recipients = job_recipients(state, audience.owner, audience.schedule_recipients)
    if not recipients:
        log.info("job_mail_not_wanted", state=state)
        return DeliveryReport()
    content = render_job_finished(event, public_url=deps.public_url, schedule_name=audience.schedule_name)
    log.info("job_mail_requested", state=state, recipients=len(recipients))
    return await deliver(deps, event.message_id, [(recipient, content) for recipient in recipients])
