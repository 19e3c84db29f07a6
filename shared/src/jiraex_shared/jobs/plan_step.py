"""export.requested → PLAN: create the job when another system asked, claim it, enumerate its ids into chunks."""

import asyncio
import uuid

import msgspec

from jiraex_shared.contracts import AssembleExport, ExportRequested, ExtractChunk, JobStateChanged
from jiraex_shared.db.repositories import (
    ConnectionNotFound,
    claim_job,
    create_job,
    get_job,
    is_cancel_requested,
    load_connection,
    load_plan_checkpoint,
    renew_lease,
    save_plan_checkpoint,
    spec_of,
)
from jiraex_shared.eventstream import JobProgressReporter
from jiraex_shared.jira import JiraPermanentError, RequestStats
from jiraex_shared.jobs.deps import JobDeps
from jiraex_shared.jobs.errors import failure_kind
from jiraex_shared.jobs.jira_access import InvalidRequest, open_jira_client, parse_id
from jiraex_shared.jobs.lease import LeaseLost, keep_lease, release_claim
from jiraex_shared.jobs.outcomes import cancel, fail, job_counts
from jiraex_shared.jobs.reporting import job_reporter
from jiraex_shared.log import get_logger, log_context
from jiraex_shared.pipeline import Chunk, ExportSpec, PlanState, plan_export
from jiraex_shared.security.credential_cipher import CredentialError

log = get_logger(__name__)


class PlanStopped(Exception):
    """The planner must stop: its claim went stale, or the job was cancelled."""


class JobPlanJournal:
    """`PlanJournal` on the jobs table: fenced checkpoints, chunk commands published after each commit."""

    def __init__(self, deps: JobDeps, job_id: uuid.UUID, epoch: int, reporter: JobProgressReporter) -> None:
        self.deps, self.job_id, self.epoch, self.reporter = deps, job_id, epoch, reporter

    async def load(self) -> PlanState | None:
        async with self.deps.sessions() as session:
            return await load_plan_checkpoint(session, self.job_id)

    async def save(self, state: PlanState, new_chunks: list[Chunk]) -> None:
        async with self.deps.sessions() as session, session.begin():
            if await is_cancel_requested(session, self.job_id):
                raise PlanStopped("cancel requested")
            saved = await save_plan_checkpoint(session, self.job_id, self.epoch, plan=state, new_chunks=new_chunks)
            totals = job_counts(await get_job(session, self.job_id))
        # Chunks extract while planning goes on: report the job's stored totals, not the planner's own zeros.
        self.reporter.counts = msgspec.structs.replace(
            totals, issues_expected=max(state.enumerated, state.expected or 0, totals.issues_expected)
        )
        if not saved.accepted:
            raise PlanStopped("the plan checkpoint was refused: another worker holds the job")
        for chunk in new_chunks:
            await self.deps.bus.publish(ExtractChunk(job_id=str(self.job_id), chunk_index=chunk.seq))
        if saved.assembly_due:
            await self.deps.bus.publish(AssembleExport(job_id=str(self.job_id)))


async def job_for_request(deps: JobDeps, message: ExportRequested) -> uuid.UUID:
    """The job a request names, or a new one for a request another system published straight onto the broker.

    Without an idempotency key the message id stands in for one, so a redelivered message runs once.
    """
    if message.job_id is not None:
        return parse_id(message.job_id, "job_id")
    spec = ExportSpec.from_request(message)
    async with deps.sessions() as session, session.begin():
        job, created = await create_job(
            session, spec=spec, connection_id=parse_id(message.connection_id, "connection_id"),
            name=spec.name, owner_id=parse_id(message.requested_by, "requested_by") if message.requested_by else None,
            folder_id=parse_id(message.folder_id, "folder_id") if message.folder_id else None,
            schedule_id=parse_id(message.schedule_id, "schedule_id") if message.schedule_id else None,
            idempotency_key=message.idempotency_key or f"message:{message.message_id}",
        )
    log.info("external_job_created" if created else "external_job_known", job_id=str(job.id))
    return job.id


async def run_plan(deps: JobDeps, message: ExportRequested) -> None:
    try:
        job_id = await job_for_request(deps, message)
    except InvalidRequest as error:
        log.warning("export_request_refused", reason=str(error))
        return
    with log_context(job_id=str(job_id)):
        async with deps.sessions() as session, session.begin():
            claim = await claim_job(
                session, job_id, worker=deps.worker_name, lease_seconds=deps.lease_seconds, to_state="planning"
            )
            if claim is not None:
                job = await get_job(session, job_id)
                spec = spec_of(job)
                try:
                    connection = await load_connection(session, job.connection_id) if job.connection_id else None
                except ConnectionNotFound:
                    connection = None
        if claim is None:
            log.info("plan_skipped", reason="duplicate delivery, or the job is held, finished or past planning")
            return
        if claim.cancel_requested:
            await cancel(deps, job_id)
            return
        if connection is None:
            await fail(deps, job_id, claim.epoch, kind="invalid_request", message="the job's connection does not exist")
            return
        await _plan(deps, job_id, claim.epoch, spec, connection)


async def _plan(deps: JobDeps, job_id: uuid.UUID, epoch: int, spec: ExportSpec, connection) -> None:  # type: ignore[no-untyped-def]
    stats = RequestStats()
    try:
        async with job_reporter(deps, job_id, "planning", stats) as reporter:
            await reporter.publish(JobStateChanged(job_id=str(job_id), state="planning", previous_state="queued"))
            client = await open_jira_client(deps, connection, stats)
            async with keep_lease(deps, lambda s: renew_lease(s, job_id, epoch, deps.lease_seconds)):
                await plan_export(
                    client, spec.jql, chunk_size=deps.settings.chunk_size,
                    journal=JobPlanJournal(deps, job_id, epoch, reporter), progress=reporter,
                )
    except (PlanStopped, LeaseLost) as stopped:
        log.info("plan_stopped", reason=str(stopped))
        async with deps.sessions() as session:
            cancelled = await is_cancel_requested(session, job_id)
        if cancelled:
            await cancel(deps, job_id)
    except JiraPermanentError as error:
        await fail(deps, job_id, epoch, kind=failure_kind(error), message=error.message)
    except CredentialError as error:
        await fail(deps, job_id, epoch, kind="invalid_request", message=str(error))
    except BaseException:
        # Any other failure (Jira or Redis unavailable, SIGTERM past the grace period): give the claim back at
        # once, so the redelivered message (or the reaper) resumes from the checkpoint without waiting.
        await asyncio.shield(release_claim(deps, job_id, epoch))
        raise
