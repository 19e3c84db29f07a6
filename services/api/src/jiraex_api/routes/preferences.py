"""`/api/me/preferences`: the signed-in user's UI preferences (a JSON object the SPA owns)."""

from typing import Any

from litestar import Controller, Request, get, put
from litestar.params import JSONBody

from jiraex_api.deps import Db
from jiraex_api.openapi import AUTHENTICATED, problems
from jiraex_api.services import preferences
from jiraex_api.services.principal import Principal

UserRequest = Request[Principal, str, Any]


class PreferencesController(Controller):
    path = "/api/me/preferences"
    security = AUTHENTICATED
    tags = ["preferences"]  # noqa: RUF012 - Litestar reads this class attribute

    @get("", responses=problems(401))
    async def get_preferences(self, request: UserRequest, db: Db) -> dict[str, Any]:
        return await preferences.get_preferences(db, request.user)

    @put("", responses=problems(401, 403, 422))
    async def put_preferences(self, request: UserRequest, data: JSONBody[dict[str, Any]], db: Db) -> dict[str, Any]:
        """Replace the preferences with the object sent (at most 16 KiB encoded)."""
        return await preferences.replace_preferences(db, request.user, data)
