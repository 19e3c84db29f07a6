"""`/api/admin/config` (admins): the allow-list of non-public Jira hosts connections may reach."""

from typing import Any

from litestar import Controller, Request, get, put
from litestar.params import JSONBody

from jiraex_api.auth.guards import admin_only
from jiraex_api.deps import Db, Deps
from jiraex_api.openapi import AUTHENTICATED, problems
from jiraex_api.schemas.connections import AdminConfigIn, AdminConfigOut
from jiraex_api.services import admin_config
from jiraex_api.services.principal import Principal

AdminRequest = Request[Principal, str, Any]


class AdminConfigController(Controller):
    path = "/api/admin/config"
    security = AUTHENTICATED
    tags = ["admin"]  # noqa: RUF012 - Litestar reads these class attributes
    guards = [admin_only]  # noqa: RUF012

    @get("", responses=problems(401, 403))
    async def read_config(self, deps: Deps, db: Db) -> AdminConfigOut:
        return await admin_config.read_config(db, deps.settings)

    @put("", responses=problems(401, 403, 422))
    async def replace_config(
        self, request: AdminRequest, data: JSONBody[AdminConfigIn], deps: Deps, db: Db
    ) -> AdminConfigOut:
        """Replace the allow-list (host names, IPs, CIDRs; stored in canonical form). Connections to addresses
        that are loopback, private, link-local or cloud metadata are refused unless an entry here covers them."""
        return await admin_config.replace_config(db, deps.settings, deps.accounts, request.user, data)
