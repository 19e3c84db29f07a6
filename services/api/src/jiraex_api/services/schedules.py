"""Schedules: members manage their own, admins everyone's; a foreign one looks missing. Timing is the scheduler's."""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_api.repositories import schedule_rows
from jiraex_api.schemas.schedules import ScheduleCreate, SchedulePatch
from jiraex_api.services.errors import Conflict, InvalidField, NotFound
from jiraex_api.services.exports import check_connection, check_folder
from jiraex_api.services.principal import Principal
from jiraex_api.services.schedule_input import checked_recipients, checked_timing, next_run, stored_spec
from jiraex_api.services.text_input import checked_name
from jiraex_shared.bus import CommandBus
from jiraex_shared.connections.service_deps import scope_of
from jiraex_shared.db.repositories.schedule_claims import ScheduleNotFound
from jiraex_shared.db.schedules import Schedule
from jiraex_shared.log import get_logger
from jiraex_shared.scheduling.controls import resume_schedule, run_schedule_now
from jiraex_shared.scheduling.run_spec import timing_of
from jiraex_shared.scheduling.timing import InvalidSchedule

log = get_logger(__name__)


async def list_schedules(session: AsyncSession, caller: Principal) -> list[Schedule]:
    return await schedule_rows.list_schedules(session, owner_id=scope_of(caller))


async def visible_schedule(
    session: AsyncSession, caller: Principal, schedule_id: uuid.UUID, *, lock: bool = False
) -> Schedule:
    schedule = await schedule_rows.find_schedule(session, schedule_id, owner_id=scope_of(caller), lock=lock)
    if schedule is None:
        raise NotFound(f"no schedule {schedule_id}")
    return schedule


async def create_schedule(session: AsyncSession, caller: Principal, data: ScheduleCreate, now: datetime) -> Schedule:
    """Validate everything, store the schedule owned by the caller, with its first slot after ``now``."""
    await check_connection(session, caller, data.connection_id)
    if data.folder_id is not None:
        await check_folder(session, caller, data.folder_id)
    cron = data.cron.strip() if data.cron is not None else None
    checked_timing(cron, data.interval_seconds, data.timezone, now)
    schedule = Schedule(
        id=uuid.uuid4(), owner_id=caller.user_id, connection_id=data.connection_id, folder_id=data.folder_id,
        name=checked_name(data.name), cron=cron, interval_seconds=data.interval_seconds, timezone=data.timezone,
        spec=stored_spec(data.export), enabled=data.enabled, incremental=data.incremental,
        lookback_seconds=data.lookback_seconds, catch_up=data.catch_up,
        recipients=checked_recipients(data.recipients), created_at=now, updated_at=now,
    )
    # Interval slots count from created_at: computed from the row so the scheduler's later ticks agree.
    schedule.next_run_at = next_run(timing_of(schedule), now)
    session.add(schedule)
    await session.commit()
    log.info("schedule_created", schedule_id=str(schedule.id), by=str(caller.user_id))
    return schedule


async def update_schedule(
    session: AsyncSession, caller: Principal, schedule_id: uuid.UUID, data: SchedulePatch, now: datetime
) -> Schedule:
    """Apply the fields given; a new timing gets its next slot after ``now``; ``enabled: true`` resumes."""
    schedule = await visible_schedule(session, caller, schedule_id, lock=True)
    if data.name is not None:
        schedule.name = checked_name(data.name)
    if data.export is not None:
        schedule.spec = stored_spec(data.export)
    if data.clear_folder and data.folder_id is not None:
        raise InvalidField("clear_folder", "give either folder_id or clear_folder, not both")
    if data.folder_id is not None:
        await check_folder(session, caller, data.folder_id)
        schedule.folder_id = data.folder_id
    elif data.clear_folder:
        schedule.folder_id = None
    if data.cron is not None or data.interval_seconds is not None or data.timezone is not None:
        _apply_timing(schedule, data, now)
    if data.incremental is not None:
        schedule.incremental = data.incremental
    if data.lookback_seconds is not None:
        schedule.lookback_seconds = data.lookback_seconds
    if data.catch_up is not None:
        schedule.catch_up = data.catch_up
    if data.recipients is not None:
        schedule.recipients = checked_recipients(data.recipients)
    if data.enabled is True and (not schedule.enabled or schedule.paused_reason is not None):
        await resume_schedule(session, schedule, now=now)
    elif data.enabled is False:
        schedule.enabled = False
    await session.commit()
    log.info("schedule_updated", schedule_id=str(schedule.id), by=str(caller.user_id))
    return schedule


def _apply_timing(schedule: Schedule, data: SchedulePatch, now: datetime) -> None:
    if data.cron is not None and data.interval_seconds is not None:
        raise InvalidField("cron", "give exactly one of cron and interval_seconds")
    if data.cron is not None:
        cron, interval = data.cron.strip(), None
    elif data.interval_seconds is not None:
        cron, interval = None, data.interval_seconds
    else:
        cron, interval = schedule.cron, schedule.interval_seconds
    timezone = data.timezone if data.timezone is not None else schedule.timezone
    checked_timing(cron, interval, timezone, now)
    schedule.cron, schedule.interval_seconds, schedule.timezone = cron, interval, timezone
    schedule.next_run_at = next_run(timing_of(schedule), now)


async def delete_schedule(session: AsyncSession, caller: Principal, schedule_id: uuid.UUID) -> None:
    """Delete the schedule; the jobs it launched stay (their ``schedule_id`` becomes null)."""
    schedule = await visible_schedule(session, caller, schedule_id)
    await session.delete(schedule)
    await session.commit()
    log.info("schedule_deleted", schedule_id=str(schedule_id), by=str(caller.user_id))


async def run_now(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession], bus: CommandBus, caller: Principal,
    schedule_id: uuid.UUID,
) -> uuid.UUID:
    """One run of the schedule now, through the scheduler's own ``run_schedule_now`` (published after commit)."""
    await visible_schedule(session, caller, schedule_id)
    # End this read before the run's own transaction: SQLite has a single writer.
    await session.commit()
    try:
        job_id = await run_schedule_now(sessions, bus, schedule_id)
    except ScheduleNotFound:  # deleted meanwhile
        raise NotFound(f"no schedule {schedule_id}") from None
    except InvalidSchedule as error:
        raise Conflict(f"the schedule cannot run: {error}") from None
    log.info("schedule_run_requested", schedule_id=str(schedule_id), job_id=str(job_id), by=str(caller.user_id))
    return job_id
