"""POST issue/bulkfetch: up to 100 issues by id or key, ascending id, unknown ones silently left out."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from jiraex_jira_sim.dataset.field_spec import FieldSpec
from jiraex_jira_sim.routes.bodies import BulkFetchBody
from jiraex_jira_sim.routes.params import csv_values, expand_set, json_body
from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response, jira_error, json_response

if TYPE_CHECKING:
    from jiraex_jira_sim.app import SimApp
    from jiraex_jira_sim.server.router import Router

MAX_ISSUES = 100


class BulkIssueRoutes:
    def __init__(self, app: SimApp) -> None:
        self._app = app

    def register(self, router: Router) -> None:
        for api in self._app.api_versions:
            handler = partial(self.bulkfetch, version=self._app.render_version(api))
            router.add("POST", f"/rest/api/{api}/issue/bulkfetch", handler)

    async def bulkfetch(self, request: Request, params: dict[str, str], *, version: int) -> Response:
        body = json_body(request, BulkFetchBody)
        requested = body.issueIdsOrKeys
        if not requested:
            raise jira_error(400, "issueIdsOrKeys must contain between 1 and 100 issue IDs or keys.")
        if len(requested) > MAX_ISSUES:
            raise jira_error(
                400, f"The number of issue IDs or keys ({len(requested)}) exceeds the maximum of {MAX_ISSUES}."
            )
        dataset = self._app.dataset
        found = {index for raw in requested if (index := dataset.index_of(str(raw).strip())) is not None}
        ordered = sorted(found, key=dataset.issue_id)
        spec = FieldSpec.parse(csv_values(body.fields or []), default="*navigable")
        expand = expand_set(body.expand)
        issues = await self._app.issue_json.page(ordered, spec, expand, version)
        return json_response({"issues": issues, "issueErrors": []})
