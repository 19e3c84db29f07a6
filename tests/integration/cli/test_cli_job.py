"""`jiraex job show|cancel`: the operator's way to look at a job and stop it, on the fleet's PostgreSQL."""

import asyncio
import os
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import update

from jiraex_shared.db import migrate
from jiraex_shared.db.engine import create_db_engine, create_session_factory
from jiraex_shared.db.jobs import Job
from jiraex_shared.db.repositories import create_job, get_job
from jiraex_shared.pipeline.spec import ExportSpec

JIRAEX = str(Path(sys.executable).with_name("jiraex"))


async def jiraex(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIRA_EXTRACTOR_")}
    env["JIRA_EXTRACTOR_DATABASE_URL"] = url
    return await asyncio.to_thread(
        subprocess.run, [JIRAEX, "job", *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


async def test_cancel_sets_the_flag_once_and_says_why_it_cannot_twice(pg_url: str) -> None:
    await migrate.upgrade(pg_url)
    engine = create_db_engine(pg_url)
    sessions = create_session_factory(engine)
    try:
        async with sessions() as session, session.begin():
            job, _ = await create_job(session, spec=ExportSpec(jql="project = A"), connection_id=None,
                                      name="nightly")
        shown = await jiraex(pg_url, "show", str(job.id))
        assert shown.returncode == 0, shown.stderr
        assert "nightly" in shown.stdout and "queued" in shown.stdout

        cancelled = await jiraex(pg_url, "cancel", str(job.id))
        assert cancelled.returncode == 0, cancelled.stderr
        async with sessions() as session:
            assert (await get_job(session, job.id)).cancel_requested is True

        async with sessions() as session, session.begin():
            await session.execute(update(Job).where(Job.id == job.id).values(state="cancelled"))
        again = await jiraex(pg_url, "cancel", str(job.id))
        assert again.returncode == 1
        assert again.stderr.strip() == f"jiraex job: job {job.id} already ended cancelled: nothing to cancel"
    finally:
        await engine.dispose()


async def test_an_unknown_job_is_one_line(pg_url: str) -> None:
    await migrate.upgrade(pg_url)
    missing = uuid.uuid4()
    for action in ("show", "cancel"):
        result = await jiraex(pg_url, action, str(missing))
        assert (result.returncode, result.stderr.strip()) == (1, f"jiraex job: no job {missing}")
