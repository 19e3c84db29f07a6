"""`/api/jobs/{id}/files` and `/archive`: list, download (ranges), sandboxed preview, the ZIP archive."""

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, HeaderParameter, QueryParameter
from litestar.response import Stream

from jiraex_api.deps import Db, Deps
from jiraex_api.openapi import AUTHENTICATED, problems
from jiraex_api.problems import problem_response
from jiraex_api.schemas.jobs import FileOut
from jiraex_api.services import file_downloads
from jiraex_api.services.principal import Principal
from jiraex_shared.db.files import File

UserRequest = Request[Principal, str, Any]
RangeHeader = Annotated[str | None, HeaderParameter(name="Range", required=False, max_length=200)]
Inline = Annotated[bool, QueryParameter(description="1: preview HTML, JSON, CSV, XML, text or images in a sandbox")]
BYTES = "application/octet-stream"
DOWNLOAD_RESPONSES = {
    **problems(401, 404, 416),
    200: ResponseSpec(data_container=bytes, media_type=BYTES, description="The file", generate_examples=False),
    206: ResponseSpec(data_container=bytes, media_type=BYTES, description="Partial Content",
                      generate_examples=False),
}

class JobFilesController(Controller):
    path = "/api/jobs/{job_id:uuid}"
    security = AUTHENTICATED
    tags = ["files"]  # noqa: RUF012 - Litestar reads this class attribute

    @get("/files", responses=problems(401, 404))
    async def list_files(self, request: UserRequest, job_id: FromPath[uuid.UUID], db: Db) -> list[FileOut]:
        """The job's files: ``path`` (relative to the export folder), size, SHA-256 and content type."""
        return [FileOut.of(row) for row in await file_downloads.list_files(db, request.user, job_id)]

    @get("/files/{path:path}", media_type=BYTES, responses=DOWNLOAD_RESPONSES)
    async def download_file(
        self, request: UserRequest, job_id: FromPath[uuid.UUID], path: FromPath[str], deps: Deps, db: Db,
        inline: Inline = False, range_header: RangeHeader = None,
    ) -> Stream:
        """Download one file (``Range`` supported). ``?inline=1`` previews a safe type under a sandbox CSP."""
        row = await file_downloads.find_job_file(db, request.user, job_id, path.removeprefix("/"))
        return await _send(request, deps, db, row, inline=inline, range_header=range_header)

    @get("/archive", media_type=BYTES, responses=DOWNLOAD_RESPONSES)
    async def download_archive(
        self, request: UserRequest, job_id: FromPath[uuid.UUID], deps: Deps, db: Db, range_header: RangeHeader = None,
    ) -> Stream:
        """The export folder as one ZIP (when the export asked for an archive)."""
        row = await file_downloads.find_archive(db, request.user, job_id, deps.store)
        return await _send(request, deps, db, row, inline=False, range_header=range_header)

async def _send(
    request: UserRequest, deps: Any, db: Any, row: File, *, inline: bool, range_header: str | None
) -> Stream:
    db.expunge(row)  # keeps its loaded values through the rollback
    await db.rollback()  # a download may take minutes: hold no transaction
    download = await file_downloads.open_download(deps.store, row, range_header=range_header, inline=inline)
    if download.body is None:
        problem = problem_response(request, 416, "the requested range is outside the file",
                                   headers={"Content-Range": download.headers["Content-Range"]})
        return problem  # type: ignore[return-value]
    return Stream(download.body, status_code=download.status, headers=download.headers,
                  media_type=download.headers["Content-Type"])
