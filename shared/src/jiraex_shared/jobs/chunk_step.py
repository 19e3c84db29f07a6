"""export.chunk → EXTRACT: any worker claims one chunk, extracts it, and the last one triggers assembly."""

import asyncio

from jiraex_shared.contracts import AssembleExport, ExtractChunk
from jiraex_shared.db.repositories import (
    claim_chunk,
    complete_chunk,
    get_job,
    load_connection,
    release_chunk,
    renew_chunk_lease,
    spec_of,
)
from jiraex_shared.exporters import ExportWarning
from jiraex_shared.jira import JiraPermanentError, RequestStats
from jiraex_shared.jobs.deps import JobDeps
from jiraex_shared.jobs.errors import failure_kind
from jiraex_shared.jobs.jira_access import open_jira_client, parse_id
from jiraex_shared.jobs.lease import LeaseLost, give_back, keep_lease
from jiraex_shared.jobs.outcomes import cancel, fail, job_counts
from jiraex_shared.jobs.paths import part_key
from jiraex_shared.jobs.reporting import job_reporter
from jiraex_shared.log import get_logger, log_context
from jiraex_shared.pipeline import Chunk, extract_chunk
from jiraex_shared.security.credential_cipher import CredentialError

log = get_logger(__name__)


async def _release(deps: JobDeps, job_id, seq: int, epoch: int) -> None:  # type: ignore[no-untyped-def]
    """Like `lease.release_claim`: retried while the database is unreachable, then left to the lease."""
    await give_back(deps, lambda session: release_chunk(session, job_id, seq, epoch), "chunk_release_failed",
                    chunk=seq)


class WarningsOnly:
    """A progress sink that forwards warnings only: a chunk's counts are reported as job totals once stored."""

    def __init__(self, reporter) -> None:  # type: ignore[no-untyped-def]
        self._reporter = reporter

    def enumerated(self, issues: int, *, expected: int | None = None) -> None:
        pass

    def extracted(self, issues: int) -> None:
        pass

    def downloaded(self, attachments: int, size: int) -> None:
        pass

    def warned(self, warning: ExportWarning) -> None:
        self._reporter.warned(warning)


async def run_chunk(deps: JobDeps, message: ExtractChunk) -> None:
    job_id, seq = parse_id(message.job_id, "job_id"), message.chunk_index
    with log_context(job_id=message.job_id, chunk=seq):
        async with deps.sessions() as session, session.begin():
            claim = await claim_chunk(session, job_id, seq, worker=deps.worker_name, lease_seconds=deps.lease_seconds)
            if claim is not None:
                job = await get_job(session, job_id)
                spec, started_with = spec_of(job), job_counts(job)
                connection = await load_connection(session, job.connection_id) if job.connection_id else None
        if claim is None:
            log.info("chunk_skipped", reason="done, held by another worker, or its job ended")
            return
        if claim.cancel_requested:
            await cancel(deps, job_id)
            return
        if connection is None:
            await fail(deps, job_id, None, kind="invalid_request", message="the job's connection was deleted")
            return
        stats = RequestStats()
        try:
            # Warnings are stored with the chunk by complete_chunk, so this reporter does not persist them again;
            # its counts are the job's totals (monotonic however many workers share the job), never the chunk's.
            async with job_reporter(deps, job_id, "extracting", stats, persist=False) as reporter:
                reporter.counts = started_with
                client = await open_jira_client(deps, connection, stats)
                renew = lambda s: renew_chunk_lease(s, job_id, seq, claim.epoch, deps.lease_seconds)  # noqa: E731
                async with keep_lease(deps, renew):
                    result = await extract_chunk(
                        client, deps.store, spec, Chunk(seq=seq, ids=claim.issue_ids),
                        connection_id=str(connection.id), part_key=part_key(job_id, seq),
                        progress=WarningsOnly(reporter),
                    )
                async with deps.sessions() as session, session.begin():
                    completion = await complete_chunk(
                        session, job_id, seq, claim.epoch, counts=result.counts, part_uri=result.part.uri,
                        sha256=result.part.sha256 or "", warnings=result.warnings, requests=stats.requests,
                        rate_limited=stats.throttled,
                    )
                    totals = job_counts(await get_job(session, job_id)) if completion else None
                if completion is None or totals is None:
                    log.info("chunk_completion_refused", reason="another worker took the chunk over")
                    return
                reporter.counts = totals
                reporter.chunks_total = completion.chunks_total
                reporter.chunks_done = completion.chunks_done
        except LeaseLost:
            log.info("chunk_abandoned", reason="lease lost")
            return
        except (JiraPermanentError, CredentialError) as error:
            kind = failure_kind(error) if isinstance(error, JiraPermanentError) else "invalid_request"
            await fail(deps, job_id, None, kind=kind, message=getattr(error, "message", str(error)))
            return
        except BaseException:
            # Any other failure (Jira or Redis unavailable, SIGTERM past the grace period): give the claim
            # back at once, so the redelivered message or any worker takes the work up without waiting for the lease.
            await asyncio.shield(_release(deps, job_id, seq, claim.epoch))
            raise
        if completion.cancel_requested:
            await cancel(deps, job_id)
        elif completion.all_done:
            await deps.bus.publish(AssembleExport(job_id=str(job_id)))
