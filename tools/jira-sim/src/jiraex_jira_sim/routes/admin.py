"""``/__sim/...``: fault settings, statistics, ground truth. No Jira auth, never faulted, never counted."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

import msgspec

from jiraex_jira_sim.jql import JqlError
from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response, error_collection, json_response
from jiraex_jira_sim.server.router import Router

if TYPE_CHECKING:
    from jiraex_jira_sim.app import SimApp


class AdminRoutes:
    def __init__(self, app: SimApp) -> None:
        self._app = app
        self._router = Router()
        self._ground_truth_lock = asyncio.Lock()
        add = self._router.add
        add("GET", "/__sim/info", self.info, auth=False)
        add("GET", "/__sim/faults", self.get_faults, auth=False)
        add("PUT", "/__sim/faults", self.put_faults, auth=False)
        add("GET", "/__sim/stats", self.stats, auth=False)
        add("POST", "/__sim/stats/reset", self.reset_stats, auth=False)
        add("GET", "/__sim/ground-truth", self.ground_truth, auth=False)

    async def handle(self, request: Request) -> Response:
        match = self._router.match(request.method, request.raw_path)
        if match.route is None:
            status = 405 if match.allowed else 404
            return error_collection(status, [f"No admin endpoint {request.method} {request.path}."])
        return await match.route.handler(request, match.params)

    def _fault_state(self) -> dict[str, object]:
        faults = self._app.faults
        now = time.monotonic()
        return {
            "settings": msgspec.to_builtins(faults.settings),
            "storm_active": faults.storm_remaining(now) > 0,
            "blackhole_active": faults.blackhole_remaining(now) > 0,
        }

    async def info(self, request: Request, params: dict[str, str]) -> Response:
        app = self._app
        return json_response(
            {
                "mode": app.config.mode,
                "base_url": app.base_url,
                "media_url": app.media_url,
                "issues": len(app.dataset),
                "seed": app.config.seed,
                "server_max_results": app.config.server_max_results,
            }
        )

    async def get_faults(self, request: Request, params: dict[str, str]) -> Response:
        return json_response(self._fault_state())

    async def put_faults(self, request: Request, params: dict[str, str]) -> Response:
        """Body: a partial settings object, e.g. ``{"rate_limit_rps": 5}``; unknown keys are refused."""
        try:
            patch = msgspec.json.decode(request.body or b"{}")
        except msgspec.DecodeError:
            return error_collection(400, ["Body must be a JSON object of fault settings."])
        if isinstance(patch, dict) and isinstance(patch.get("settings"), dict):
            patch = patch["settings"]  # accept what GET returned
        if not isinstance(patch, dict):
            return error_collection(400, ["Body must be a JSON object of fault settings."])
        try:
            self._app.faults.update(patch)
        except ValueError as exc:
            return error_collection(400, [str(exc)])
        return json_response(self._fault_state())

    async def stats(self, request: Request, params: dict[str, str]) -> Response:
        cache = self._app.issue_json.cache
        render_cache = {"hits": cache.hits, "misses": cache.misses, "bytes": cache.used, "budget": cache.budget}
        return json_response({**self._app.stats.snapshot(), "render_cache": render_cache})

    async def reset_stats(self, request: Request, params: dict[str, str]) -> Response:
        self._app.stats.reset()
        return json_response(self._app.stats.snapshot())

    async def ground_truth(self, request: Request, params: dict[str, str]) -> Response:
        """Exact keys (Jira order) and per-issue counts and attachment hashes for a JQL."""
        jql = request.arg("jql") or ""
        try:
            result = self._app.search.run(jql)
        except JqlError as exc:
            return error_collection(400, exc.messages)
        # Hashing every attachment of a large result takes seconds: do it off the event loop, one at a time.
        async with self._ground_truth_lock:
            truth = await asyncio.to_thread(self._app.dataset.ground_truth, result.indices)
        return json_response({"jql": jql, "total": len(result), **truth})
