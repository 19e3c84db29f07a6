"""The admin config (`app_config`): today the allow-list of non-public Jira hosts, changed with an audit row."""

from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_api.repositories import audit_rows
from jiraex_api.schemas.connections import AdminConfigIn, AdminConfigOut
from jiraex_api.services.context import AccountsContext
from jiraex_api.services.errors import InvalidInput
from jiraex_api.services.principal import Principal
from jiraex_shared.connections import AllowListError, set_allowed_hosts
from jiraex_shared.db.repositories.connection_allow_list import ALLOWED_HOSTS_KEY, stored_allowed_hosts
from jiraex_shared.settings import Settings


async def read_config(session: AsyncSession, settings: Settings) -> AdminConfigOut:
    return AdminConfigOut(
        jira_allowed_hosts=await stored_allowed_hosts(session),
        jira_allowed_hosts_from_settings=list(settings.jira_allowed_hosts),
    )


async def replace_config(
    session: AsyncSession, settings: Settings, ctx: AccountsContext, admin: Principal, data: AdminConfigIn
) -> AdminConfigOut:
    """Validate every entry (nothing is stored if one is bad), store the canonical forms, audit the change."""
    previous = await stored_allowed_hosts(session)
    try:
        stored = await set_allowed_hosts(session, data.jira_allowed_hosts, admin_id=admin.user_id)
    except AllowListError as error:
        await session.rollback()
        raise InvalidInput(f"jira_allowed_hosts: {error}") from None
    await audit_rows.record(
        session, at=ctx.now(), action="config_updated", actor_id=admin.user_id, target_type="app_config",
        target_id=ALLOWED_HOSTS_KEY, details={"before": previous, "after": stored},
    )
    await session.commit()
    return AdminConfigOut(jira_allowed_hosts=stored, jira_allowed_hosts_from_settings=list(settings.jira_allowed_hosts))
