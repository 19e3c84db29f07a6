"""`/api/jobs`: list with filters and a cursor, detail, cancel, retry, delete, and the stored events."""

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.status_codes import HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from jiraex_api.deps import Db, Deps
from jiraex_api.openapi import AUTHENTICATED, problems
from jiraex_api.repositories.job_rows import JobFilters
from jiraex_api.schemas.exports import ExportAccepted
from jiraex_api.schemas.jobs import JobDetail, JobEventPage, JobPage
from jiraex_api.services import exports, jobs
from jiraex_api.services.principal import Principal
from jiraex_shared.contracts.progress import JobState

UserRequest = Request[Principal, str, Any]
OptionalId = FromQuery[uuid.UUID | None]
Limit = Annotated[int, QueryParameter(ge=1, le=200, description="page size")]
# `state` is a reserved handler parameter name in Litestar, hence the alias.
StateFilter = Annotated[JobState | None, QueryParameter(name="state", description="only jobs in this state")]
Cursor = Annotated[str | None, QueryParameter(max_length=200, description="next_cursor of the previous page")]


class JobsController(Controller):
    path = "/api/jobs"
    security = AUTHENTICATED
    tags = ["jobs"]  # noqa: RUF012 - Litestar reads this class attribute

    @get("", responses=problems(401, 422))
    async def list_jobs(
        self, request: UserRequest, db: Db, job_state: StateFilter = None, folder_id: OptionalId = None,
        connection_id: OptionalId = None, schedule_id: OptionalId = None, limit: Limit = 50, cursor: Cursor = None,
    ) -> JobPage:
        """Your jobs (admins: everyone's), newest first."""
        filters = JobFilters(owner_id=None, state=job_state, folder_id=folder_id, connection_id=connection_id,
                             schedule_id=schedule_id)
        return await jobs.list_jobs(db, request.user, filters, limit=limit, cursor=cursor)

    @get("/{job_id:uuid}", responses=problems(401, 404))
    async def get_job(self, request: UserRequest, job_id: FromPath[uuid.UUID], db: Db) -> JobDetail:
        return await jobs.get_job_detail(db, request.user, job_id)

    @post("/{job_id:uuid}/cancel", status_code=HTTP_202_ACCEPTED, responses=problems(401, 403, 404, 409))
    async def cancel_job(self, request: UserRequest, job_id: FromPath[uuid.UUID], db: Db) -> JobDetail:
        """Ask a running job to stop; it ends ``cancelled`` within seconds and its partial files are deleted."""
        return await jobs.cancel_job(db, request.user, job_id)

    @post("/{job_id:uuid}/retry", status_code=HTTP_202_ACCEPTED, responses=problems(401, 403, 404, 409))
    async def retry_job(
        self, request: UserRequest, job_id: FromPath[uuid.UUID], deps: Deps, db: Db
    ) -> Response[ExportAccepted]:
        """Run a failed or cancelled job again, as a new job with the same specification."""
        job = await jobs.visible_job(db, request.user, job_id)
        new_id = await exports.retry_job(db, deps.bus, request.user, job)
        return Response(ExportAccepted(job_id=new_id), status_code=HTTP_202_ACCEPTED,
                        headers={"Location": f"/api/jobs/{new_id}"})

    @delete("/{job_id:uuid}", status_code=HTTP_204_NO_CONTENT, responses=problems(401, 403, 404, 409))
    async def delete_job(self, request: UserRequest, job_id: FromPath[uuid.UUID], deps: Deps, db: Db) -> None:
        """Delete a finished job and every file it stored."""
        await jobs.delete_job(db, deps.store, request.user, job_id)

    @get("/{job_id:uuid}/events", responses=problems(401, 404))
    async def job_events(
        self, request: UserRequest, job_id: FromPath[uuid.UUID], db: Db,
        after: Annotated[int | None, QueryParameter(ge=0, description="next_after of the previous page")] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 500,
    ) -> JobEventPage:
        """The job's durable events (state changes, warnings, errors, the outcome) for clients without SSE."""
        return await jobs.job_events(db, request.user, job_id, after=after, limit=limit)
