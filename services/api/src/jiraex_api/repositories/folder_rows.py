"""SQL over `folders` for the API: a caller's folders by name, and whether a name is taken."""

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db.folders import Folder


async def list_folders(session: AsyncSession, *, owner_id: uuid.UUID | None) -> list[Folder]:
    """``owner_id``'s folders (None: everyone's), by name."""
    query = select(Folder).order_by(Folder.name, Folder.id)
    if owner_id is not None:
        query = query.where(Folder.owner_id == owner_id)
    return list((await session.scalars(query)).all())


async def name_taken(session: AsyncSession, owner_id: uuid.UUID, name: str, *, other_than: uuid.UUID | None) -> bool:
    query = select(Folder.id).where(Folder.owner_id == owner_id, Folder.name == name)
    if other_than is not None:
        query = query.where(Folder.id != other_than)
    return (await session.scalars(query.limit(1))).first() is not None
