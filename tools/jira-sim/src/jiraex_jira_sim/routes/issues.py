"""GET issue/{key} and its comment, worklog and (Cloud) changelog pages."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from jiraex_jira_sim.dataset.field_spec import FieldSpec
from jiraex_jira_sim.routes.params import csv_values, expand_set, int_param, issue_not_found
from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response, jira_error, json_response

if TYPE_CHECKING:
    from jiraex_jira_sim.app import SimApp
    from jiraex_jira_sim.server.router import Router


def _comment_order(raw: str | None) -> str:
    """``created`` or ``-created``; a ``+`` sent unencoded arrives as a space and means ascending."""
    if raw is None:
        return "created"
    text = raw.strip()
    descending = text.startswith("-")
    field = text.lstrip("+-").strip()
    if field.lower() != "created":
        raise jira_error(400, f"The field to order by must be 'created'. Instead: {field}")
    return "-created" if descending else "created"


class IssueRoutes:
    def __init__(self, app: SimApp) -> None:
        self._app = app
        cloud = app.cloud
        # Page caps per deployment: Cloud caps comment/changelog pages at 100 and worklogs at 5000;
        # Server defaults comments to 50 and is bounded here by the configured server cap.
        self._comment_default = 100 if cloud else 50
        self._comment_cap = 100 if cloud else app.config.server_max_results
        self._worklog_cap = 5000

    def register(self, router: Router) -> None:
        for api in self._app.api_versions:
            base = f"/rest/api/{api}/issue/{{key}}"
            version = self._app.render_version(api)
            router.add("GET", base, partial(self.issue, version=version))
            router.add("GET", f"{base}/comment", partial(self.comments, version=version))
            router.add("GET", f"{base}/worklog", partial(self.worklogs, version=version))
            if self._app.cloud:
                router.add("GET", f"{base}/changelog", partial(self.changelog, version=version))

    def _index(self, key: str) -> int:
        index = self._app.dataset.index_of(key)
        if index is None:
            raise issue_not_found()
        return index

    async def issue(self, request: Request, params: dict[str, str], *, version: int) -> Response:
        index = self._index(params["key"])
        spec = FieldSpec.parse(csv_values(request.args("fields")), default="*all")
        expand = expand_set(request.args("expand"))
        return json_response(self._app.renderer(version).issue(index, spec, expand, context="issue"))

    async def comments(self, request: Request, params: dict[str, str], *, version: int) -> Response:
        index = self._index(params["key"])
        start = max(0, int_param(request, "startAt", 0))
        size = min(max(1, int_param(request, "maxResults", self._comment_default)), self._comment_cap)
        order = _comment_order(request.arg("orderBy"))
        expand = expand_set(request.args("expand"))
        page = self._app.renderer(version).comments(index, start, size, order_by=order, expand=expand)
        return json_response(page)

    async def worklogs(self, request: Request, params: dict[str, str], *, version: int) -> Response:
        index = self._index(params["key"])
        start = max(0, int_param(request, "startAt", 0))
        size = min(max(1, int_param(request, "maxResults", self._worklog_cap)), self._worklog_cap)
        return json_response(self._app.renderer(version).worklogs(index, start, size))

    async def changelog(self, request: Request, params: dict[str, str], *, version: int) -> Response:
        index = self._index(params["key"])
        start = max(0, int_param(request, "startAt", 0))
        size = min(max(1, int_param(request, "maxResults", 100)), 100)
        return json_response(self._app.renderer(version).changelog_page(index, start, size))
