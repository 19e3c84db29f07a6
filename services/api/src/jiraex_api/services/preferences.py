"""Per-user UI preferences: a free-form JSON object the SPA owns, bounded in size."""

from typing import Any

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_api.repositories import user_rows
from jiraex_api.services.errors import InvalidInput, NotFound
from jiraex_api.services.principal import Principal

MAX_PREFERENCES_BYTES = 16_384


async def get_preferences(session: AsyncSession, principal: Principal) -> dict[str, Any]:
    user = await user_rows.by_id(session, principal.user_id)
    if user is None:
        raise NotFound("the signed-in user no longer exists")
    return dict(user.preferences or {})


async def replace_preferences(
    session: AsyncSession, principal: Principal, preferences: dict[str, Any]
) -> dict[str, Any]:
    size = len(msgspec.json.encode(preferences))
    if size > MAX_PREFERENCES_BYTES:
        raise InvalidInput(f"preferences are {size} bytes when encoded; at most {MAX_PREFERENCES_BYTES} are kept")
    await user_rows.set_preferences(session, principal.user_id, preferences)
    await session.commit()
    return preferences
