"""`/api/connections`: your Jira connections (admins: everyone's), their test and their fields dictionary."""

import uuid
from typing import Any

from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from jiraex_api.deps import Db, Deps
from jiraex_api.openapi import AUTHENTICATED, problems
from jiraex_api.schemas.connections import (
    ConnectionCreate,
    ConnectionOut,
    ConnectionPatch,
    ConnectionTestResult,
    FieldEntry,
)
from jiraex_api.services import connections
from jiraex_api.services.principal import Principal

UserRequest = Request[Principal, str, Any]


class ConnectionsController(Controller):
    path = "/api/connections"
    security = AUTHENTICATED
    tags = ["connections"]  # noqa: RUF012 - Litestar reads this class attribute

    @get("", responses=problems(401))
    async def list_connections(self, request: UserRequest, db: Db) -> list[ConnectionOut]:
        """Your connections; an admin sees everyone's. The credential is never part of a connection's answer."""
        return await connections.list_connections(db, request.user)

    @post("", status_code=HTTP_201_CREATED, responses=problems(401, 403, 422, 503))
    async def create_connection(
        self, request: UserRequest, data: JSONBody[ConnectionCreate], deps: Deps, db: Db
    ) -> ConnectionOut:
        """Store a connection, its token encrypted; a site that is not public needs an admin's allow-list."""
        return await connections.create_connection(db, deps.settings, request.user, data)

    @get("/{connection_id:uuid}", responses=problems(401, 404))
    async def get_connection(self, request: UserRequest, connection_id: FromPath[uuid.UUID], db: Db) -> ConnectionOut:
        return await connections.get_connection(db, request.user, connection_id)

    @patch("/{connection_id:uuid}", responses=problems(401, 403, 404, 422, 503))
    async def update_connection(
        self, request: UserRequest, connection_id: FromPath[uuid.UUID], data: JSONBody[ConnectionPatch], deps: Deps,
        db: Db,
    ) -> ConnectionOut:
        """Change the given fields; moving to another site needs the token again."""
        return await connections.update_connection(db, deps.settings, request.user, connection_id, data)

    @delete("/{connection_id:uuid}", status_code=HTTP_204_NO_CONTENT, responses=problems(401, 403, 404))
    async def delete_connection(self, request: UserRequest, connection_id: FromPath[uuid.UUID], db: Db) -> None:
        """Delete the connection; its past jobs stay, without a connection to retry on."""
        await connections.delete_connection(db, request.user, connection_id)

    @post("/{connection_id:uuid}/test", status_code=HTTP_200_OK, responses=problems(401, 403, 404, 503))
    async def test_connection(
        self, request: UserRequest, connection_id: FromPath[uuid.UUID], deps: Deps, db: Db
    ) -> ConnectionTestResult:
        """Ask Jira who it is and who the credential signs in as; a refusal is ``ok`` false with Jira's message."""
        return await connections.run_test(db, deps.settings, request.user, connection_id)

    @get("/{connection_id:uuid}/fields", responses=problems(401, 404, 502, 503))
    async def list_fields(
        self, request: UserRequest, connection_id: FromPath[uuid.UUID], deps: Deps, db: Db
    ) -> list[FieldEntry]:
        """The fields the credential can see, sorted by name, for the export's field picker."""
        return await connections.list_fields(db, deps.settings, request.user, connection_id)
