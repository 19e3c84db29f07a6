"""POST changelog/bulkfetch: full histories of up to 1000 issues, oldest first, paged by nextPageToken."""

from __future__ import annotations

from collections import OrderedDict
from functools import partial
from typing import TYPE_CHECKING, Any

from jiraex_jira_sim.paging_tokens import InvalidPageToken
from jiraex_jira_sim.routes.bodies import ChangelogBulkBody
from jiraex_jira_sim.routes.params import json_body
from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response, jira_error, json_response

if TYPE_CHECKING:
    from jiraex_jira_sim.app import SimApp
    from jiraex_jira_sim.server.router import Router

MAX_ISSUES = 1000
MAX_FIELD_IDS = 10
DEFAULT_MAX_RESULTS = 1000
MAX_RESULTS = 10000
UNREADABLE_CURSOR = "The nextPageToken is invalid or has expired; start again without it."

# (created, issue id, position in the issue's history, issue id as string, history JSON)
Entry = tuple[str, int, int, str, dict[str, Any]]


class BulkChangelogRoutes:
    def __init__(self, app: SimApp, cache_size: int = 8) -> None:
        self._app = app
        # A client pages one request many times; keep the merged, sorted histories of the last few.
        self._cache: OrderedDict[str, list[Entry]] = OrderedDict()
        self._cache_size = cache_size

    def register(self, router: Router) -> None:
        for api in self._app.api_versions:
            handler = partial(self.bulkfetch, version=self._app.render_version(api))
            router.add("POST", f"/rest/api/{api}/changelog/bulkfetch", handler)

    async def bulkfetch(self, request: Request, params: dict[str, str], *, version: int) -> Response:
        body = json_body(request, ChangelogBulkBody)
        if not 1 <= len(body.issueIdsOrKeys) <= MAX_ISSUES:
            raise jira_error(400, f"issueIdsOrKeys must contain between 1 and {MAX_ISSUES} issue IDs or keys.")
        field_ids = body.fieldIds or []
        if len(field_ids) > MAX_FIELD_IDS:
            raise jira_error(400, f"fieldIds must contain at most {MAX_FIELD_IDS} field IDs.")
        max_results = DEFAULT_MAX_RESULTS if body.maxResults is None else body.maxResults
        if not 1 <= max_results <= MAX_RESULTS:
            raise jira_error(400, f"maxResults must be between 1 and {MAX_RESULTS}.")
        dataset = self._app.dataset
        indices = sorted({i for raw in body.issueIdsOrKeys if (i := dataset.index_of(str(raw).strip())) is not None})
        scope = self._app.tokens.scope(
            "changelog/bulkfetch", str(version), ",".join(map(str, indices)), ",".join(field_ids)
        )
        offset = 0
        if body.nextPageToken:
            try:
                offset = self._app.tokens.decode(body.nextPageToken, scope)
            except InvalidPageToken:
                raise jira_error(400, UNREADABLE_CURSOR) from None
        entries = self._entries(scope, indices, frozenset(field_ids), version)
        page = entries[offset : offset + max_results]
        groups: dict[str, list[dict[str, Any]]] = {}
        for _, _, _, issue_id, history in page:
            groups.setdefault(issue_id, []).append(history)
        result: dict[str, object] = {
            "issueChangeLogs": [{"issueId": issue_id, "changeHistories": h} for issue_id, h in groups.items()]
        }
        if offset + max_results < len(entries):
            result["nextPageToken"] = self._app.tokens.encode(scope, offset + max_results)
        return json_response(result)

    def _entries(self, scope: str, indices: list[int], field_ids: frozenset[str], version: int) -> list[Entry]:
        cached = self._cache.get(scope)
        if cached is not None:
            self._cache.move_to_end(scope)
            return cached
        dataset = self._app.dataset
        renderer = self._app.renderer(version)
        entries: list[Entry] = []
        for index in indices:
            issue_id = dataset.issue_id(index)
            for position, history in enumerate(renderer.histories(index)):
                if field_ids:
                    items = [it for it in history["items"] if (it.get("fieldId") or it.get("field")) in field_ids]
                    if not items:
                        continue
                    history = {**history, "items": items}
                entries.append((history["created"], issue_id, position, str(issue_id), history))
        entries.sort(key=lambda entry: entry[:3])
        self._cache[scope] = entries
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return entries
