"""`/api/export`: launch an export (202 with the job id) and preflight one."""

from typing import Annotated, Any

from litestar import Controller, Request, Response, post
from litestar.params import HeaderParameter, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from jiraex_api.deps import Db, Deps
from jiraex_api.openapi import AUTHENTICATED, problems
from jiraex_api.schemas.exports import ExportAccepted, ExportCreate, PreflightOut, PreflightRequest
from jiraex_api.services import export_preflight, exports
from jiraex_api.services.principal import Principal

UserRequest = Request[Principal, str, Any]
IdempotencyHeader = Annotated[
    str | None,
    HeaderParameter(name="Idempotency-Key", required=False, min_length=1, max_length=128, pattern=r"^[\x21-\x7e]+$",
              description="repeat a request safely: the same key (per user) answers the job it created"),
]


class ExportsController(Controller):
    path = "/api/export"
    security = AUTHENTICATED
    tags = ["exports"]  # noqa: RUF012 - Litestar reads this class attribute

    @post("", status_code=HTTP_202_ACCEPTED, responses=problems(401, 403, 404, 409, 422))
    async def create_export(
        self, request: UserRequest, data: JSONBody[ExportCreate], deps: Deps, db: Db,
        idempotency_key: IdempotencyHeader = None,
    ) -> Response[ExportAccepted]:
        """Queue an export of ``jql`` on one of your connections; follow it at ``/api/jobs/{job_id}/stream``."""
        job_id, _ = await exports.create_export(db, deps.bus, request.user, data, idempotency_key=idempotency_key)
        return Response(ExportAccepted(job_id=job_id), status_code=HTTP_202_ACCEPTED,
                        headers={"Location": f"/api/jobs/{job_id}"})

    @post("/preflight", status_code=HTTP_200_OK, responses=problems(401, 403, 404, 502, 503))
    async def preflight_export(
        self, request: UserRequest, data: JSONBody[PreflightRequest], deps: Deps, db: Db
    ) -> PreflightOut:
        """Check the JQL with Jira and estimate the export's issues, requests and duration."""
        return await export_preflight.run_preflight(db, deps.settings, request.user, data)
