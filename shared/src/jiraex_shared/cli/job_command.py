"""`jiraex job show|cancel ID`: look at a job, or ask a running one to stop, straight in the database."""

import argparse
import uuid
from typing import Any

from jiraex_shared.cli.database_session import open_cli_sessions
from jiraex_shared.cli.errors import CommandError
from jiraex_shared.cli.exit_codes import FAILURE, OK
from jiraex_shared.settings import Settings

_SHOWN = ("name", "state", "cancel_requested", "attempts", "chunks_done", "chunks_total", "issues_expected",
          "issues_exported", "comments", "histories", "worklogs", "attachments", "requests", "rate_limited",
          "created_at", "started_at", "finished_at", "error_kind", "error_message")


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "job",
        help="show or cancel an export job",
        description="Works on the configured database, so it reaches jobs of the whole fleet. `cancel` sets the "
        "job's cancel flag: the workers stop every chunk of it within seconds, remove its partial files and end "
        "it `cancelled`.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, help_text, run in (("show", "print a job's state and counters", show),
                                 ("cancel", "ask a queued or running job to stop", cancel)):
        action = actions.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        action.add_argument("job_id", metavar="JOB_ID", type=_job_id, help="the job's id (a UUID)")
        action.set_defaults(run=run)


def _job_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a job id (a UUID): {text!r}") from None


async def show(args: argparse.Namespace, settings: Settings) -> int:
    from jiraex_shared.db.repositories import JobNotFound, get_job

    async with open_cli_sessions(settings) as sessions, sessions() as session:
        try:
            job = await get_job(session, args.job_id)
        except JobNotFound:
            raise CommandError(f"no job {args.job_id}", FAILURE) from None
        width = max(map(len, _SHOWN))
        for column in _SHOWN:
            value = getattr(job, column)
            if value is not None:
                print(f"{column.replace('_', ' '):<{width}}  {value}")
    return OK


async def cancel(args: argparse.Namespace, settings: Settings) -> int:
    from jiraex_shared.db.repositories import JobNotFound, get_job, request_cancel

    async with open_cli_sessions(settings) as sessions, sessions() as session, session.begin():
        if await request_cancel(session, args.job_id):
            print(f"cancel requested for job {args.job_id}: its workers stop within seconds")
            return OK
        try:
            job = await get_job(session, args.job_id)
        except JobNotFound:
            raise CommandError(f"no job {args.job_id}", FAILURE) from None
    raise CommandError(f"job {args.job_id} already ended {job.state}: nothing to cancel", FAILURE)
