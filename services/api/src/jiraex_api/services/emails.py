"""E-mails the account flows send: a `notify.email` command published after the row that backs it is committed."""

from datetime import datetime

from jiraex_api.services.context import AccountsContext
from jiraex_shared.contracts.notifications import EmailTemplate, SendEmail
from jiraex_shared.log import get_logger

log = get_logger(__name__)


def link(ctx: AccountsContext, page: str, token: str) -> str:
    # The token travels in the fragment, which browsers never send to a server, so it stays out of access logs.
    return f"{ctx.public_url}/{page}#token={token}"


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


async def send_email(ctx: AccountsContext, template: EmailTemplate, to: str, params: dict[str, str]) -> bool:
    """Publish the command; False (logged, params never) when the bus refused it, so the caller decides."""
    message = SendEmail(template=template, to=to, params=params)
    try:
        await ctx.bus.publish(message)
    except Exception as error:  # any bus failure: the row is committed, the caller reports or stays silent
        log.error("email_publish_failed", template=template, message_id=message.message_id, error=repr(error))
        return False
    log.info("email_queued", template=template, message_id=message.message_id)
    return True
