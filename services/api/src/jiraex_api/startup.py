"""Before serving: apply pending migrations (unless disabled) and create the first admin when there is no user."""

from jiraex_api.deps import ApiDeps
from jiraex_api.services.bootstrap import ensure_first_admin
from jiraex_shared.db import migrate
from jiraex_shared.log import get_logger
from jiraex_shared.settings import Settings
from jiraex_shared.settings.adapters import database_url

log = get_logger(__name__)


class SchemaNotCurrent(RuntimeError):
    """Migrations are off and the database is behind this build; the message says what to run."""


async def prepare_database(settings: Settings, deps: ApiDeps) -> None:
    url = database_url(settings)
    if settings.migrate_on_start:
        # Safe with several replicas starting together: `migrate.upgrade` holds a PostgreSQL advisory lock
        # (SQLite: BEGIN IMMEDIATE) around the upgrade, so later replicas find nothing left to do.
        await migrate.upgrade(url)
        log.info("migrations_applied", revision=migrate.head())
    else:
        revision = await migrate.current(url)
        if revision != migrate.head():
            raise SchemaNotCurrent(
                f"the database is at revision {revision}, this build needs {migrate.head()}: run "
                "`jiraex migrate upgrade` (or set JIRA_EXTRACTOR_MIGRATE_ON_START=true)"
            )
    await ensure_first_admin(deps.sessions, settings, deps.accounts.hasher)
