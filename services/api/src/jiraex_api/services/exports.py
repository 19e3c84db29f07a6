"""Launch exports: validate the spec, write the job in one transaction, publish `export.requested` after commit."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_api.repositories import job_rows
from jiraex_api.schemas.exports import ExportCreate
from jiraex_api.services.errors import Conflict, InvalidInput, NotFound
from jiraex_api.services.principal import Principal
from jiraex_shared.bus import CommandBus
from jiraex_shared.connections.connection_crud import visible_connection
from jiraex_shared.connections.connection_errors import ConnectionNotFound
from jiraex_shared.connections.service_deps import scope_of
from jiraex_shared.contracts import ExportRequested
from jiraex_shared.db import Job
from jiraex_shared.db.repositories import create_job, spec_of
from jiraex_shared.log import get_logger
from jiraex_shared.pipeline.spec import ExportSpec

log = get_logger(__name__)


async def create_export(
    session: AsyncSession, bus: CommandBus, caller: Principal, request: ExportCreate, *,
    idempotency_key: str | None = None,
) -> tuple[uuid.UUID, bool]:
    """``(job_id, created)``. A repeated idempotency key answers the job it made, if the spec is the same."""
    await check_connection(session, caller, request.connection_id)
    if request.folder_id is not None:
        await check_folder(session, caller, request.folder_id)
    spec = ExportSpec(
        jql=request.jql, formats=tuple(request.formats), include=request.include,
        fields=tuple(request.fields) if request.fields is not None else None, archive=request.archive,
        name=request.name, csv_bom=request.csv_bom,
    )
    check_spec(spec)
    key = idempotency_key or request.idempotency_key
    # The column is unique across users: scoping the key by caller keeps one user's key from finding
    # another's job.
    stored_key = f"{caller.user_id}:{key}" if key else None
    job, created = await create_job(
        session, spec=spec, connection_id=request.connection_id, name=spec.name, owner_id=caller.user_id,
        folder_id=request.folder_id, idempotency_key=stored_key,
    )
    if not created and (spec_of(job) != spec or job.connection_id != request.connection_id):
        await session.rollback()
        raise Conflict("this idempotency key was already used for a different export")
    await session.commit()
    if created:
        await publish_request(bus, job)
    return job.id, created


def check_spec(spec: ExportSpec) -> None:
    """What the request schema cannot say: no blank JQL or name, no repeated format (schedules use it too)."""
    if not spec.jql.strip():
        raise InvalidInput("jql must not be blank")
    if not spec.name.strip():
        raise InvalidInput("name must not be blank")
    if len(set(spec.formats)) != len(spec.formats):
        raise InvalidInput(f"formats must not repeat a format: {list(spec.formats)}")
    # PostgreSQL text and JSONB cannot hold U+0000: refused here rather than failing the INSERT with a 500.
    if any("\x00" in text for text in (spec.jql, spec.name, *(spec.fields or ()))):
        raise InvalidInput("jql, name and fields must not contain the NUL character")


async def retry_job(session: AsyncSession, bus: CommandBus, caller: Principal, job: Job) -> uuid.UUID:
    """A new queued job with the failed or cancelled job's spec, connection, folder and owner."""
    if job.state not in ("failed", "cancelled"):
        raise Conflict(f"only failed or cancelled jobs can be retried; this one is {job.state}")
    if job.connection_id is None:
        raise Conflict("the job's connection was deleted; launch a new export instead")
    # The owner stays the original's (an admin retrying a member's job runs it as that member, on their
    # connection); a job another system published has none, and neither has its retry.
    new, _ = await create_job(
        session, spec=spec_of(job), connection_id=job.connection_id, name=job.name, owner_id=job.owner_id,
        folder_id=job.folder_id,
    )
    await session.commit()
    log.info("job_retried", job_id=str(job.id), new_job_id=str(new.id), by=str(caller.user_id))
    await publish_request(bus, new)
    return new.id


async def publish_request(bus: CommandBus, job: Job) -> None:
    """After the commit; a lost publish leaves a queued job that the reaper republishes."""
    spec = spec_of(job)
    message = ExportRequested(
        job_id=str(job.id), connection_id=str(job.connection_id), jql=spec.jql, formats=spec.formats,
        include=spec.include, fields=spec.fields, archive=spec.archive, name=spec.name,
        folder_id=str(job.folder_id) if job.folder_id else None,
        requested_by=str(job.owner_id) if job.owner_id else None,
    )
    try:
        await bus.publish(message)
    except Exception as error:  # the job row is committed: the reaper will publish it again
        log.warning("export_publish_failed", job_id=str(job.id), error=f"{type(error).__name__}: {error}")


async def check_connection(session: AsyncSession, caller: Principal, connection_id: uuid.UUID) -> None:
    try:
        await visible_connection(session, caller, connection_id)
    except ConnectionNotFound:
        raise NotFound(f"no connection {connection_id}") from None


async def check_folder(session: AsyncSession, caller: Principal, folder_id: uuid.UUID) -> None:
    if await job_rows.find_folder(session, folder_id, owner_id=scope_of(caller)) is None:
        raise NotFound(f"no folder {folder_id}")
