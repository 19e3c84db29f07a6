"""Cloud's enhanced search: search/jql (nextPageToken chain), approximate-count, and the removed /search."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from jiraex_jira_sim.dataset.field_spec import FieldSpec
from jiraex_jira_sim.jql import UNBOUNDED_QUERY
from jiraex_jira_sim.paging_tokens import InvalidPageToken
from jiraex_jira_sim.routes.bodies import CountBody, SearchJqlBody
from jiraex_jira_sim.routes.params import csv_values, expand_set, int_param, json_body
from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response, jira_error, json_response

if TYPE_CHECKING:
    from jiraex_jira_sim.app import SimApp
    from jiraex_jira_sim.server.router import Router

UNBOUNDED = UNBOUNDED_QUERY
REMOVED = (
    "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. "
    "A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"
)
UNREADABLE_CURSOR = "The nextPageToken is invalid or has expired; start the search again without it."
MAX_RESULTS_RANGE = "The maxResults parameter must be between 1 and 5000."
# Jira decides the page size: the most for id/key-only pages, far fewer once fields are asked for.
ID_PAGE_CAP = 5000
FIELDS_PAGE_CAP = 100
DEFAULT_MAX_RESULTS = 50


class CloudSearchRoutes:
    def __init__(self, app: SimApp) -> None:
        self._app = app

    def register(self, router: Router) -> None:
        for api in self._app.api_versions:
            base = f"/rest/api/{api}"
            version = self._app.render_version(api)
            router.add("GET", f"{base}/search/jql", partial(self.search_get, version=version))
            router.add("POST", f"{base}/search/jql", partial(self.search_post, version=version))
            router.add("POST", f"{base}/search/approximate-count", self.approximate_count)
            router.add("GET", f"{base}/search", self.removed)
            router.add("POST", f"{base}/search", self.removed)

    async def removed(self, request: Request, params: dict[str, str]) -> Response:
        raise jira_error(410, REMOVED)

    async def search_get(self, request: Request, params: dict[str, str], *, version: int) -> Response:
        raw_max = request.arg("maxResults")
        return await self._search(
            version=version,
            jql=request.arg("jql") or "",
            token=request.arg("nextPageToken"),
            max_results=int_param(request, "maxResults", DEFAULT_MAX_RESULTS),
            max_sent=raw_max is not None and raw_max.strip() != "",
            fields=request.args("fields"),
            expand=expand_set(request.args("expand")),
        )

    async def search_post(self, request: Request, params: dict[str, str], *, version: int) -> Response:
        body = json_body(request, SearchJqlBody)
        return await self._search(
            version=version,
            jql=body.jql or "",
            token=body.nextPageToken,
            max_results=DEFAULT_MAX_RESULTS if body.maxResults is None else body.maxResults,
            max_sent=body.maxResults is not None,
            fields=body.fields or [],
            expand=expand_set(body.expand),
        )

    async def _search(
        self,
        *,
        version: int,
        jql: str,
        token: str | None,
        max_results: int,
        max_sent: bool,
        fields: list[str],
        expand: frozenset[str],
    ) -> Response:
        app = self._app
        scope = app.tokens.scope("search/jql", jql.strip())
        offset = 0
        if token:
            try:
                offset = app.tokens.decode(token, scope)
            except InvalidPageToken:
                raise jira_error(400, UNREADABLE_CURSOR) from None
        if max_sent and not 1 <= max_results <= ID_PAGE_CAP:
            raise jira_error(400, MAX_RESULTS_RANGE)
        query = app.search.parse(jql)
        if not query.is_bounded:
            raise jira_error(400, UNBOUNDED)
        result = app.search.run(jql)
        spec = FieldSpec.parse(csv_values(fields), default="id")
        size = min(max_results, ID_PAGE_CAP if spec.is_empty else FIELDS_PAGE_CAP)
        page = result.indices[offset : offset + size]
        issues = await app.issue_json.page(page, spec, expand, version)
        body: dict[str, object] = {"issues": issues}
        body.update(app.issue_json.names_and_schema(issues, expand))
        if offset + size < len(result):
            body["nextPageToken"] = app.tokens.encode(scope, offset + size)
        body["isLast"] = offset + size >= len(result)
        return json_response(body)

    async def approximate_count(self, request: Request, params: dict[str, str]) -> Response:
        body = json_body(request, CountBody)
        jql = body.jql or ""
        query = self._app.search.parse(jql)
        if not query.is_bounded:
            raise jira_error(400, UNBOUNDED)
        return json_response({"count": len(self._app.search.run(jql))})
