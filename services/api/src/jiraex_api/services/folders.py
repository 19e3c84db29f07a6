"""Folders: members file exports into their own; admins see and manage everyone's; a foreign one looks missing."""

import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_api.repositories import folder_rows, job_rows
from jiraex_api.services.errors import Conflict, NotFound
from jiraex_api.services.principal import Principal
from jiraex_api.services.text_input import checked_name
from jiraex_shared.connections.service_deps import scope_of
from jiraex_shared.db.folders import Folder


async def list_folders(session: AsyncSession, caller: Principal) -> list[Folder]:
    return await folder_rows.list_folders(session, owner_id=scope_of(caller))


async def create_folder(session: AsyncSession, caller: Principal, name: str) -> Folder:
    folder = Folder(id=uuid.uuid4(), owner_id=caller.user_id, name=await _free_name(session, caller.user_id, name))
    session.add(folder)
    await _commit(session, folder.name)
    return folder


async def rename_folder(session: AsyncSession, caller: Principal, folder_id: uuid.UUID, name: str) -> Folder:
    folder = await visible_folder(session, caller, folder_id)
    folder.name = await _free_name(session, folder.owner_id, name, other_than=folder.id)
    await _commit(session, folder.name)
    return folder


async def delete_folder(session: AsyncSession, caller: Principal, folder_id: uuid.UUID) -> None:
    """Delete the folder; its jobs and schedules stay, unfiled (the foreign keys are ON DELETE SET NULL)."""
    folder = await visible_folder(session, caller, folder_id)
    await session.delete(folder)
    await session.commit()


async def visible_folder(session: AsyncSession, caller: Principal, folder_id: uuid.UUID) -> Folder:
    folder = await job_rows.find_folder(session, folder_id, owner_id=scope_of(caller))
    if folder is None:
        raise NotFound(f"no folder {folder_id}")
    return folder


async def _free_name(
    session: AsyncSession, owner_id: uuid.UUID, name: str, *, other_than: uuid.UUID | None = None
) -> str:
    cleaned = checked_name(name)
    if await folder_rows.name_taken(session, owner_id, cleaned, other_than=other_than):
        raise Conflict(f"a folder named {cleaned!r} already exists")
    return cleaned


async def _commit(session: AsyncSession, name: str) -> None:
    try:
        await session.commit()
    except IntegrityError:  # a concurrent request took the name between the check and the commit
        await session.rollback()
        raise Conflict(f"a folder named {name!r} already exists") from None
