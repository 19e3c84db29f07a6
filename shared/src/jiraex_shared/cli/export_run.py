"""The steps of `jiraex export` behind its argument parsing: probe the site, run the pipeline, summarise."""

import argparse
import shutil
import sys
from pathlib import Path

import httpx

from jiraex_shared.cli.errors import CommandError
from jiraex_shared.cli.exit_codes import BAD_INPUT, FAILURE, OK, SUCCESS_WITH_WARNINGS
from jiraex_shared.cli.export_progress import ExportProgress
from jiraex_shared.contracts.commands import EXPORT_FORMATS, ExportInclude
from jiraex_shared.jira import (
    JiraAuthError,
    JiraBadRequest,
    JiraClient,
    JiraCredentials,
    JiraError,
    JiraPermanentError,
    RequestStats,
    ServerInfo,
)
from jiraex_shared.pipeline.local_run import run_local_export
from jiraex_shared.pipeline.preflight import preflight
from jiraex_shared.pipeline.spec import ExportSpec
from jiraex_shared.ratelimit import AdaptiveConcurrency, MemoryRateGovernor, RateGovernor, site_key
from jiraex_shared.storage import LocalArtifactStore

# The CLI names its one connection; blobs are keyed by it in the run's private work store.
CLI_CONNECTION = "cli"


def credentials(auth: str | None, email: str | None, token: str) -> JiraCredentials:
    kind = auth or ("basic" if email else "bearer")
    try:
        return JiraCredentials(auth=kind, user=email, token=token)  # type: ignore[arg-type]
    except ValueError as error:
        raise CommandError(str(error)) from None


def spec(args: argparse.Namespace) -> ExportSpec:
    formats = tuple(dict.fromkeys(part.strip() for part in args.format.split(",") if part.strip()))
    unknown = [f for f in formats if f not in EXPORT_FORMATS]
    if unknown or not formats:
        raise CommandError(f"unknown --format {','.join(unknown) or '(empty)'}; choose from {','.join(EXPORT_FORMATS)}")
    fields = tuple(f.strip() for f in args.fields.split(",") if f.strip()) if args.fields else None
    include = ExportInclude(
        comments=not args.no_comments, changelog=not args.no_changelog, worklogs=not args.no_worklogs,
        attachments=not args.no_attachments,
    )
    name = args.out.name if args.out else "export"
    return ExportSpec(jql=args.jql, formats=formats, include=include, fields=fields, archive=args.zip,  # type: ignore[arg-type]
                      name=name, csv_bom=args.csv_bom)


def governor() -> RateGovernor:
    return MemoryRateGovernor()


async def probe(client: JiraClient, jql: str) -> ServerInfo:
    """Reach the site, check the credentials and the JQL: each failure is one readable line and exit code 2."""
    try:
        info = await client.server_info()
        await client.myself()
        await client.approximate_count(jql)
    except JiraBadRequest as error:
        raise CommandError(f"Jira rejected the query: {error.message}") from None
    except JiraAuthError as error:
        raise CommandError(f"Jira refused the credentials: {error.message} (HTTP {error.status})") from None
    except JiraPermanentError as error:
        raise CommandError(f"{client.base_url}: {error.message} (HTTP {error.status})") from None
    except JiraError as error:
        raise CommandError(f"cannot reach Jira at {client.base_url}: {error.message}") from None
    return info


async def print_preflight(client: JiraClient, export: ExportSpec, rate_limit: float | None, concurrency: int) -> int:
    result = await preflight(client, export.jql, rate_limit=rate_limit, concurrency=concurrency,
                             changelog=export.include.changelog)
    print(f"Jira: {result.deployment} {result.version}")
    print("JQL: valid")
    print(f"issues (approximate): {result.approximate_count}")
    print(f"estimated requests: {result.estimated_requests}")
    print(f"estimated time: {result.estimated_seconds:.0f} s")
    return OK


async def export(
    base_url: str, creds: JiraCredentials, http: httpx.AsyncClient, export_spec: ExportSpec, info: ServerInfo, *,
    out: Path, archive: bool, rate_limit: float | None, chunk_size: int, concurrency: int,
) -> int:
    rates = governor()
    if rate_limit:
        await rates.set_rate(site_key(base_url), rate_limit)
    stats = RequestStats()
    client = JiraClient(
        base_url, creds, http, governor=rates, stats=stats, deployment=info.deployment,
        concurrency=AdaptiveConcurrency(initial=concurrency, maximum=concurrency * 4),
    )
    work = out.with_name(f".{out.name}.work")
    archive_path = out.with_name(f"{out.name}.zip") if archive else None
    try:
        with ExportProgress(stats) as progress:
            result = await run_local_export(
                client, LocalArtifactStore(work), export_spec, directory=out, connection_id=CLI_CONNECTION,
                chunk_size=chunk_size, progress=progress, archive_path=archive_path,
            )
    except JiraBadRequest as error:
        raise CommandError(f"Jira rejected the query: {error.message}", BAD_INPUT) from None
    except JiraError as error:
        raise CommandError(f"export failed: {error}", FAILURE) from None
    shutil.rmtree(work, ignore_errors=True)
    counts = result.assembled.counts
    print(
        f"exported {counts.issues_exported}/{counts.issues_expected} issues, {counts.comments} comments, "
        f"{counts.histories} history entries, {counts.worklogs} worklogs, {counts.attachments} attachments "
        f"({counts.attachment_bytes / 1e6:.1f} MB) with {stats.requests} requests into {out}"
        + (f" and {archive_path}" if archive_path else "")
    )
    if not result.assembled.complete:
        print(f"{len(result.warnings)} warning(s): see {out / 'manifest.json'}", file=sys.stderr)
        return SUCCESS_WITH_WARNINGS
    return OK
