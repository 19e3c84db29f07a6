"""Server/DC search: /rest/api/2/search with startAt, maxResults (clamped to the server cap) and total."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from jiraex_jira_sim.dataset.field_spec import FieldSpec
from jiraex_jira_sim.routes.bodies import ServerSearchBody
from jiraex_jira_sim.routes.params import csv_values, expand_set, int_param, json_body
from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response, json_response

if TYPE_CHECKING:
    from jiraex_jira_sim.app import SimApp
    from jiraex_jira_sim.server.router import Router

DEFAULT_MAX_RESULTS = 50
ISSUE_EXPANDS = "operations,versionedRepresentations,editmeta,changelog,renderedFields"


class ServerSearchRoutes:
    def __init__(self, app: SimApp) -> None:
        self._app = app

    def register(self, router: Router) -> None:
        for api in self._app.api_versions:
            path = f"/rest/api/{api}/search"
            router.add("GET", path, partial(self.search_get, version=self._app.render_version(api)))
            router.add("POST", path, partial(self.search_post, version=self._app.render_version(api)))

    async def search_get(self, request: Request, params: dict[str, str], *, version: int) -> Response:
        return await self._search(
            version=version,
            jql=request.arg("jql") or "",
            start_at=int_param(request, "startAt", 0),
            max_results=int_param(request, "maxResults", DEFAULT_MAX_RESULTS),
            fields=request.args("fields"),
            expand=expand_set(request.args("expand")),
        )

    async def search_post(self, request: Request, params: dict[str, str], *, version: int) -> Response:
        body = json_body(request, ServerSearchBody)
        return await self._search(
            version=version,
            jql=body.jql or "",
            start_at=body.startAt or 0,
            max_results=DEFAULT_MAX_RESULTS if body.maxResults is None else body.maxResults,
            fields=body.fields or [],
            expand=expand_set(body.expand),
        )

    async def _search(
        self, *, version: int, jql: str, start_at: int, max_results: int, fields: list[str], expand: frozenset[str]
    ) -> Response:
        app = self._app
        result = app.search.run(jql)
        start_at = max(0, start_at)
        # Negative maxResults means "the default"; anything above the cap is clamped and echoed.
        size = DEFAULT_MAX_RESULTS if max_results < 0 else min(max_results, app.config.server_max_results)
        spec = FieldSpec.parse(csv_values(fields), default="*navigable")
        issues = await app.issue_json.page(result.indices[start_at : start_at + size], spec, expand, version)
        extras = app.issue_json.names_and_schema(issues, expand)
        body: dict[str, object] = {
            "expand": "schema,names",
            "startAt": start_at,
            "maxResults": size,
            "total": len(result),
            "issues": issues,
        }
        body.update(extras)
        return json_response(body)
