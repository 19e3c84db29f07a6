"""serverInfo, myself, field and project listings."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from jiraex_jira_sim.routes.params import int_param
from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response, json_response

if TYPE_CHECKING:
    from jiraex_jira_sim.app import SimApp
    from jiraex_jira_sim.server.router import Router

CLOUD_BUILD = {
    "version": "1001.0.0-SNAPSHOT",
    "versionNumbers": [1001, 0, 0],
    "deploymentType": "Cloud",
    "buildNumber": 100287,
    "buildDate": "2025-12-01T00:00:00.000+0000",
    "scmInfo": "57a0ca5b4a0bb0ac5f3fee4764acb1c14e4d7e71",
}
# Data Center reports deploymentType "Server" (see research/jira-api.md §10).
SERVER_BUILD = {
    "version": "9.12.15",
    "versionNumbers": [9, 12, 15],
    "deploymentType": "Server",
    "buildNumber": 9120015,
    "buildDate": "2024-10-01T00:00:00.000+0000",
    "scmInfo": "0a4a4e7c1f3ba1aa0d4d4a4e3e63a61b4e0f2f8e",
}


def _now_stamp() -> str:
    now = datetime.now(UTC)
    return f"{now:%Y-%m-%dT%H:%M:%S}.{now.microsecond // 1000:03d}+0000"


class MetaRoutes:
    def __init__(self, app: SimApp) -> None:
        self._app = app

    def register(self, router: Router) -> None:
        for api in self._app.api_versions:
            base = f"/rest/api/{api}"
            version = self._app.render_version(api)
            router.add("GET", f"{base}/serverInfo", self.server_info, auth=False)
            router.add("GET", f"{base}/myself", partial(self.myself, version=version))
            router.add("GET", f"{base}/field", self.fields)
            router.add("GET", f"{base}/project", partial(self.project_list, version=version))
            if self._app.cloud:
                router.add("GET", f"{base}/project/search", partial(self.project_search, base=base, version=version))

    async def server_info(self, request: Request, params: dict[str, str]) -> Response:
        app = self._app
        body: dict[str, object] = {"baseUrl": app.base_url}
        body.update(CLOUD_BUILD if app.cloud else SERVER_BUILD)
        body["serverTime"] = _now_stamp()
        body["serverTitle"] = "Jira"
        # Real Cloud bodies carry defaultLocale although the OpenAPI schema does not declare it.
        body["defaultLocale"] = {"locale": "en_US"}
        return json_response(body)

    async def myself(self, request: Request, params: dict[str, str], *, version: int) -> Response:
        return json_response(self._app.renderer(version).myself(request.user))

    async def fields(self, request: Request, params: dict[str, str]) -> Response:
        return json_response(self._app.issue_json.fields_body)

    async def project_list(self, request: Request, params: dict[str, str], *, version: int) -> Response:
        return json_response(self._app.renderer(version).projects())

    async def project_search(self, request: Request, params: dict[str, str], *, base: str, version: int) -> Response:
        """PageBeanProject over every project (no filters: the dataset's projects are all visible)."""
        projects = self._app.renderer(version).projects()
        start = max(0, int_param(request, "startAt", 0))
        size = min(max(1, int_param(request, "maxResults", 50)), 100)
        values = projects[start : start + size]
        url = f"{self._app.base_url}{base}/project/search"
        body: dict[str, object] = {
            "self": f"{url}?maxResults={size}&startAt={start}",
            "maxResults": size,
            "startAt": start,
            "total": len(projects),
            "isLast": start + size >= len(projects),
            "values": values,
        }
        if start + size < len(projects):
            body["nextPage"] = f"{url}?maxResults={size}&startAt={start + size}"
        return json_response(body)
