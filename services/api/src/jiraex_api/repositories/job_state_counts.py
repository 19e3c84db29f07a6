"""SQL for the metrics endpoint: how many jobs are in each state."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_shared.db import Job


async def jobs_by_state(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(Job.state, func.count()).group_by(Job.state))
    return {state: count for state, count in rows.all()}
