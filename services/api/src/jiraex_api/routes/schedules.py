"""`/api/schedules`: recurring exports — list, create, read, change (incl. enable/resume), delete, run now."""

import uuid
from typing import Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from jiraex_api.deps import Db, Deps
from jiraex_api.openapi import AUTHENTICATED, problems
from jiraex_api.schemas.exports import ExportAccepted
from jiraex_api.schemas.schedules import ScheduleCreate, ScheduleOut, SchedulePatch
from jiraex_api.services import schedules
from jiraex_api.services.principal import Principal

UserRequest = Request[Principal, str, Any]
ScheduleId = FromPath[uuid.UUID]


class SchedulesController(Controller):
    path = "/api/schedules"
    security = AUTHENTICATED
    tags = ["schedules"]  # noqa: RUF012 - Litestar reads this class attribute

    @get("", responses=problems(401))
    async def list_schedules(self, request: UserRequest, db: Db) -> list[ScheduleOut]:
        """Your schedules (admins: everyone's), by name."""
        return [ScheduleOut.of(row) for row in await schedules.list_schedules(db, request.user)]

    @post("", status_code=HTTP_201_CREATED, responses=problems(401, 404, 422))
    async def create_schedule(
        self, request: UserRequest, data: JSONBody[ScheduleCreate], deps: Deps, db: Db
    ) -> ScheduleOut:
        """A recurring export on one of your connections; ``next_run_at`` says when it first runs."""
        return ScheduleOut.of(await schedules.create_schedule(db, request.user, data, deps.accounts.now()))

    @get("/{schedule_id:uuid}", responses=problems(401, 404))
    async def get_schedule(self, request: UserRequest, schedule_id: ScheduleId, db: Db) -> ScheduleOut:
        return ScheduleOut.of(await schedules.visible_schedule(db, request.user, schedule_id))

    @patch("/{schedule_id:uuid}", responses=problems(401, 404, 422))
    async def update_schedule(
        self, request: UserRequest, schedule_id: ScheduleId, data: JSONBody[SchedulePatch], deps: Deps, db: Db
    ) -> ScheduleOut:
        """Change it; ``{"enabled": false}`` disables, ``{"enabled": true}`` enables and clears a pause."""
        row = await schedules.update_schedule(db, request.user, schedule_id, data, deps.accounts.now())
        return ScheduleOut.of(row)

    @delete("/{schedule_id:uuid}", status_code=HTTP_204_NO_CONTENT, responses=problems(401, 404))
    async def delete_schedule(self, request: UserRequest, schedule_id: ScheduleId, db: Db) -> None:
        """Delete the schedule; the jobs it launched and their files stay."""
        await schedules.delete_schedule(db, request.user, schedule_id)

    @post("/{schedule_id:uuid}/run", status_code=HTTP_202_ACCEPTED, responses=problems(401, 404, 409))
    async def run_schedule(
        self, request: UserRequest, schedule_id: ScheduleId, deps: Deps, db: Db
    ) -> Response[ExportAccepted]:
        """Run it now (even when disabled or paused); follow the job at ``/api/jobs/{job_id}/stream``."""
        job_id = await schedules.run_now(db, deps.sessions, deps.bus, request.user, schedule_id)
        return Response(ExportAccepted(job_id=job_id), status_code=HTTP_202_ACCEPTED,
                        headers={"Location": f"/api/jobs/{job_id}"})
