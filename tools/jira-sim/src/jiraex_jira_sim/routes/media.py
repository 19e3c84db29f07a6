"""The media listener: pre-signed downloads that refuse Jira credentials, with Range, throttling and drops."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from jiraex_jira_sim.attachment_bodies import attachment_response
from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response, json_response
from jiraex_jira_sim.server.router import Router

if TYPE_CHECKING:
    from jiraex_jira_sim.app import SimApp


def _media_error(status: int, code: str, message: str) -> Response:
    return json_response({"error": {"code": code, "message": message}}, status)


class MediaDispatcher:
    """RequestHandler of the media listener (its own port, like Cloud's separate media host)."""

    def __init__(self, app: SimApp) -> None:
        self._app = app
        self._router = Router()
        self._router.add("GET", "/file/{id}/binary", self.download, auth=False)

    async def handle(self, request: Request) -> Response:
        app = self._app
        app.stats.started()
        match = self._router.match(request.method, request.raw_path)
        if match.route is None:
            return _media_error(404, "NotFound", "No such file.")
        request.endpoint = f"media {match.route.name}"
        if "authorization" in request.headers:
            # A pre-signed URL carries its own credential; a forwarded Jira Authorization header is refused
            # (clients must drop it on the cross-host redirect).
            return _media_error(400, "InvalidRequest", "Authorization header is not allowed with a signed URL.")
        delay = app.faults.latency_for(request.path)
        if delay > 0:
            await asyncio.sleep(delay)
        return await match.route.handler(request, match.params)

    def finished(self, request: Request, response: Response | None, outcome: str) -> None:
        self._app.stats.finished(
            endpoint=request.endpoint,
            status=response.status if response is not None else None,
            outcome=outcome,
            received_at=request.received_at,
            credential=None,
            body_bytes=response.content_length if response is not None else 0,
        )

    async def download(self, request: Request, params: dict[str, str]) -> Response:
        app = self._app
        raw_id = params["id"]
        found = app.dataset.attachment(int(raw_id)) if raw_id.isdigit() else None
        if found is None:
            return _media_error(404, "NotFound", "No such file.")
        info = found[1]
        refusal = app.signer.verify(info.id, request.arg("expires"), request.arg("token"))
        if refusal is not None:
            return _media_error(403, "Forbidden", f"The download link is not valid ({refusal}).")
        return attachment_response(
            app.dataset,
            info,
            request.headers.get("range"),
            bytes_per_s=app.faults.settings.media_bytes_per_s,
            should_drop=(lambda: app.faults.should_drop(info.id)) if request.method == "GET" else None,
        )
