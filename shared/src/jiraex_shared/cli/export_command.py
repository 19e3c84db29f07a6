"""`jiraex export`: the extraction pipeline alone, in one process, writing an export folder (ARCHITECTURE §10)."""

import argparse
import os
import shutil
from pathlib import Path
from typing import Any

from jiraex_shared.cli.errors import CommandError
from jiraex_shared.contracts.commands import EXPORT_FORMATS
from jiraex_shared.settings import Settings

HELP = """\
Export the issues a JQL query selects — all fields with human names, every comment, the full change history,
worklogs and attachment files — into --out DIR (and DIR.zip with --zip). The folder holds issues.json,
issues.ndjson, csv/, issues.xml, html/ (an offline site), fields.json, attachments/ and manifest.json, the
completeness receipt. The token comes from --token-file or the JIRA_TOKEN environment variable.

exit codes: 0 success · 3 success with warnings (see manifest.json) · 2 bad input (JQL, credentials, URL) · 1 failure
"""


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "export", help="export issues from a Jira site into a folder", description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--url", required=True, help="Jira base URL, e.g. https://acme.atlassian.net")
    parser.add_argument("--email", help="account e-mail (Cloud) or username (Server/DC basic auth)")
    parser.add_argument("--token-file", metavar="FILE", help="file holding the API token, PAT or password")
    parser.add_argument("--auth", choices=("basic", "bearer"), help="basic (default with --email) or bearer (PAT)")
    parser.add_argument("--jql", required=True, help="the JQL query selecting the issues")
    parser.add_argument("--format", default=",".join(EXPORT_FORMATS), metavar="LIST",
                        help=f"comma list of {','.join(EXPORT_FORMATS)} (default: all)")
    parser.add_argument("--zip", action="store_true", help="also write DIR.zip with everything and the attachments")
    for part in ("comments", "changelog", "worklogs", "attachments"):
        parser.add_argument(f"--no-{part}", action="store_true", help=f"leave out {part}")
    parser.add_argument("--fields", metavar="LIST", help="comma list of field ids to export (default: all fields)")
    parser.add_argument("--csv-bom", action="store_true", help="start CSV files with a UTF-8 BOM (for Excel)")
    parser.add_argument("--rate-limit", type=float, metavar="RPS", help="cap requests per second to this Jira")
    parser.add_argument("--chunk-size", type=int, metavar="N", help="issues per chunk (default: the setting)")
    parser.add_argument("--preflight", action="store_true",
                        help="only check the JQL and print the approximate count, requests and time, then exit")
    parser.add_argument("--out", type=Path, help="export folder to create (must not exist or be empty)")
    parser.set_defaults(run=run)


async def run(args: argparse.Namespace, settings: Settings) -> int:
    import httpx

    from jiraex_shared.cli import export_run
    from jiraex_shared.jira import JiraClient, normalise_base_url

    credentials = export_run.credentials(args.auth, args.email, _token(args.token_file))
    try:
        base_url = normalise_base_url(args.url)
    except ValueError as error:
        raise CommandError(str(error)) from None
    spec = export_run.spec(args)
    async with httpx.AsyncClient(timeout=httpx.Timeout(30.0)) as http:
        probe = JiraClient(base_url, credentials, http, governor=export_run.governor(), max_attempts=2)
        info = await export_run.probe(probe, spec.jql)
        if args.preflight:
            return await export_run.print_preflight(probe, spec, args.rate_limit, settings.worker_concurrency)
        if args.out is None:
            raise CommandError("--out DIR is required (unless --preflight)")
        out = _prepare_out(args.out)
        return await export_run.export(
            base_url, credentials, http, spec, info, out=out, archive=args.zip, rate_limit=args.rate_limit,
            chunk_size=args.chunk_size or settings.chunk_size, concurrency=settings.worker_concurrency,
        )


def _token(token_file: str | None) -> str:
    if token_file:
        try:
            return Path(token_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise CommandError(f"cannot read the token file: {error}") from None
    token = os.environ.get("JIRA_TOKEN", "").strip()
    if not token:
        raise CommandError("no Jira token: pass --token-file FILE or set JIRA_TOKEN")
    return token


def _prepare_out(out: Path) -> Path:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CommandError(f"{out} already exists and is not an empty folder")
    if out.exists():
        shutil.rmtree(out)
    if not out.parent.exists():
        raise CommandError(f"the parent folder {out.parent} does not exist")
    return out.resolve()

