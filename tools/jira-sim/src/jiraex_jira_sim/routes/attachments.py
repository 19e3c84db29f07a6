"""Attachment metadata and content: Cloud's 303 to a signed media URL (or 200 with redirect=false), Server's /secure."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from jiraex_jira_sim.attachment_bodies import attachment_response
from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response, empty_response, jira_error, json_response

if TYPE_CHECKING:
    from jiraex_jira_sim.app import SimApp
    from jiraex_jira_sim.dataset.attachments import AttachmentInfo
    from jiraex_jira_sim.server.router import Router

UPLOAD_LIMIT = 1024 * 1024 * 1024


class AttachmentRoutes:
    def __init__(self, app: SimApp) -> None:
        self._app = app

    def register(self, router: Router) -> None:
        for api in self._app.api_versions:
            base = f"/rest/api/{api}/attachment"
            version = self._app.render_version(api)
            router.add("GET", f"{base}/meta", self.settings)
            router.add("GET", f"{base}/{{id}}", partial(self.metadata, version=version))
            if self._app.cloud:
                router.add("GET", f"{base}/content/{{id}}", self.content)
        if not self._app.cloud:
            router.add("GET", "/secure/attachment/{id}/{filename}", self.secure)

    def _find(self, raw_id: str) -> AttachmentInfo:
        found = self._app.dataset.attachment(int(raw_id)) if raw_id.isdigit() else None
        if found is None:
            raise jira_error(404, f"The attachment with id '{raw_id}' does not exist")
        return found[1]

    async def settings(self, request: Request, params: dict[str, str]) -> Response:
        return json_response({"enabled": True, "uploadLimit": UPLOAD_LIMIT})

    async def metadata(self, request: Request, params: dict[str, str], *, version: int) -> Response:
        info = self._find(params["id"])
        return json_response(self._app.renderer(version).attachment_meta(info.id))

    async def content(self, request: Request, params: dict[str, str]) -> Response:
        """Cloud: 303 See Other to a pre-signed media URL, or the bytes themselves with redirect=false."""
        info = self._find(params["id"])
        if (request.arg("redirect") or "true").strip().lower() == "false":
            return attachment_response(self._app.dataset, info, request.headers.get("range"))
        location = self._app.signer.url(info.id, info.filename)
        return empty_response(303, [("Location", location)])

    async def secure(self, request: Request, params: dict[str, str]) -> Response:
        """Server/DC serves the bytes itself, by id; the filename segment is decorative."""
        info = self._find(params["id"])
        return attachment_response(self._app.dataset, info, request.headers.get("range"))
