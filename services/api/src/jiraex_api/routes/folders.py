"""`/api/folders`: list, create, rename and delete the folders exports are filed into."""

import uuid
from typing import Any

from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from jiraex_api.deps import Db
from jiraex_api.openapi import AUTHENTICATED, problems
from jiraex_api.schemas.folders import FolderIn, FolderOut
from jiraex_api.services import folders
from jiraex_api.services.principal import Principal

UserRequest = Request[Principal, str, Any]


class FoldersController(Controller):
    path = "/api/folders"
    security = AUTHENTICATED
    tags = ["folders"]  # noqa: RUF012 - Litestar reads this class attribute

    @get("", responses=problems(401))
    async def list_folders(self, request: UserRequest, db: Db) -> list[FolderOut]:
        """Your folders (admins: everyone's), by name."""
        return [FolderOut.of(folder) for folder in await folders.list_folders(db, request.user)]

    @post("", status_code=HTTP_201_CREATED, responses=problems(401, 409, 422))
    async def create_folder(self, request: UserRequest, data: JSONBody[FolderIn], db: Db) -> FolderOut:
        return FolderOut.of(await folders.create_folder(db, request.user, data.name))

    @patch("/{folder_id:uuid}", responses=problems(401, 404, 409, 422))
    async def rename_folder(
        self, request: UserRequest, folder_id: FromPath[uuid.UUID], data: JSONBody[FolderIn], db: Db
    ) -> FolderOut:
        return FolderOut.of(await folders.rename_folder(db, request.user, folder_id, data.name))

    @delete("/{folder_id:uuid}", status_code=HTTP_204_NO_CONTENT, responses=problems(401, 404))
    async def delete_folder(self, request: UserRequest, folder_id: FromPath[uuid.UUID], db: Db) -> None:
        """Delete the folder; the jobs and schedules filed in it stay, unfiled."""
        await folders.delete_folder(db, request.user, folder_id)
