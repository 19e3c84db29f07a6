"""export.assemble → ASSEMBLE: write every format from the chunk parts, upload the folder, end the job."""

import asyncio
import itertools
import tempfile
import uuid
from pathlib import Path

from jiraex_shared.contracts import AssembleExport, JobFileStored, JobStateChanged
from jiraex_shared.db.repositories import (
    chunk_warnings,
    claim_job,
    get_job,
    load_connection,
    load_plan_checkpoint,
    part_uris,
    record_file,
    renew_lease,
    spec_of,
)
from jiraex_shared.exporters import ExportContext
from jiraex_shared.exporters.manifest import MANIFEST_NAME
from jiraex_shared.exporters.produced_files import iter_directory_files
from jiraex_shared.jira import JiraPermanentError, RequestStats
from jiraex_shared.jobs.deps import JobDeps
from jiraex_shared.jobs.errors import failure_kind
from jiraex_shared.jobs.jira_access import open_jira_client, parse_id
from jiraex_shared.jobs.lease import LeaseLost, keep_lease, release_claim
from jiraex_shared.jobs.outcomes import cancel, fail, finish, job_counts
from jiraex_shared.jobs.paths import work_prefix
from jiraex_shared.jobs.reporting import job_reporter
from jiraex_shared.log import get_logger, log_context
from jiraex_shared.pipeline import assemble_export
from jiraex_shared.storage import job_archive_key, job_key, safe_segment
from jiraex_shared.storage.content_types import content_type_for

log = get_logger(__name__)


async def run_assemble(deps: JobDeps, message: AssembleExport) -> None:
    job_id = parse_id(message.job_id, "job_id")
    with log_context(job_id=message.job_id):
        async with deps.sessions() as session, session.begin():
            claim = await claim_job(
                session, job_id, worker=deps.worker_name, lease_seconds=deps.lease_seconds,
                from_states=("running", "assembling"), to_state="assembling",
            )
            if claim is not None:
                job = await get_job(session, job_id)
                plan = await load_plan_checkpoint(session, job_id)
                parts = [deps.store.key_from_uri(uri) for uri in await part_uris(session, job_id)]
                warnings = await chunk_warnings(session, job_id)
                connection = await load_connection(session, job.connection_id) if job.connection_id else None
        if claim is None:
            log.info("assembly_skipped", reason="duplicate delivery, or the job is held or finished")
            return
        if claim.cancel_requested:
            await cancel(deps, job_id)
            return
        if connection is None or plan is None:
            await fail(deps, job_id, claim.epoch, kind="invalid_request", message="the job's connection was deleted")
            return
        stats = RequestStats()
        try:
            async with job_reporter(deps, job_id, "assembling", stats) as reporter:
                reporter.counts = job_counts(job)
                changed = JobStateChanged(job_id=str(job_id), state="assembling", previous_state="running")
                await reporter.publish(changed)
                client = await open_jira_client(deps, connection, stats)
                info = await client.server_info()
                spec = spec_of(job)
                context = ExportContext(
                    jql=spec.jql, base_url=client.base_url, deployment=info.deployment, version=info.version,
                    api_version=client.api_version(), fields=await client.fields(),
                    started_at=(job.started_at or job.created_at).replace(microsecond=0),
                    selected_fields=list(spec.fields) if spec.fields is not None else None, export_name=spec.name,
                    include=spec.include, csv_bom=spec.csv_bom,
                )
                renew = lambda s: renew_lease(s, job_id, claim.epoch, deps.lease_seconds)  # noqa: E731
                async with keep_lease(deps, renew):
                    with tempfile.TemporaryDirectory(prefix="jiraex-assemble-") as staging:
                        name = safe_segment(spec.name)
                        folder = Path(staging) / name
                        archive = Path(staging) / f"{name}.zip" if spec.archive else None
                        result = await assemble_export(
                            deps.store, context=context, formats=spec.formats, part_keys=parts,
                            connection_id=str(connection.id), directory=folder, issues_expected=plan.enumerated,
                            warnings=warnings, archive_path=archive,
                        )
                        await _upload(deps, job_id, spec.name, folder, archive, reporter)
        except LeaseLost:
            log.info("assembly_abandoned", reason="lease lost")
            return
        except JiraPermanentError as error:
            await fail(deps, job_id, claim.epoch, kind=failure_kind(error), message=error.message)
            return
        except BaseException:
            # Any other failure (Jira or Redis unavailable, SIGTERM past the grace period): give the claim
            # back at once, so the redelivered message or any worker takes the work up without waiting for the lease.
            await asyncio.shield(release_claim(deps, job_id, claim.epoch))
            raise
        state = "succeeded" if result.complete else "succeeded_with_warnings"
        if await finish(deps, job_id, claim.epoch, state, receipt=result.receipt, counters=result.counts,
                        warning_messages=[warning.message for warning in warnings]):
            await deps.store.delete_prefix(work_prefix(job_id))


async def _upload(
    deps: JobDeps, job_id: uuid.UUID, export_name: str, folder: Path, archive: Path | None, reporter
) -> None:  # type: ignore[no-untyped-def]
    """Store every file of the export folder (manifest last) and the archive, each recorded and announced.

    The folder is walked lazily and paths stay strings: an export can hold hundreds of thousands of files.
    """
    paths = (path for path in iter_directory_files(folder) if path != MANIFEST_NAME)
    uploads = ((job_key(job_id, export_name, path), path, folder / path) for path in paths)
    last = [(job_key(job_id, export_name, MANIFEST_NAME), MANIFEST_NAME, folder / MANIFEST_NAME)]
    if archive is not None:
        last.append((job_archive_key(job_id, export_name), archive.name, archive))
    for key, path, local in itertools.chain(uploads, last):
        content_type = content_type_for(path, None)
        stored = await deps.store.put_file(key, local, content_type=content_type)
        async with deps.sessions() as session, session.begin():
            await record_file(session, job_id, path=path, size=stored.size, sha256=stored.sha256 or "",
                              content_type=content_type, uri=stored.uri)
        await reporter.publish(JobFileStored(job_id=str(job_id), path=path, size=stored.size,
                                             sha256=stored.sha256 or "", content_type=content_type))
