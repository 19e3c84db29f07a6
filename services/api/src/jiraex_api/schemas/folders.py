"""Folders as the API shows and takes them: a name per owner, unique for that owner."""

import uuid
from datetime import datetime
from typing import Annotated

import msgspec

from jiraex_shared.db.folders import Folder

FolderName = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class FolderIn(msgspec.Struct, frozen=True, kw_only=True):
    """Create or rename: the folder's name (surrounding spaces are dropped)."""

    name: FolderName


class FolderOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    name: str
    owner_id: uuid.UUID
    created_at: datetime

    @classmethod
    def of(cls, folder: Folder) -> "FolderOut":
        return cls(id=folder.id, name=folder.name, owner_id=folder.owner_id, created_at=folder.created_at)
