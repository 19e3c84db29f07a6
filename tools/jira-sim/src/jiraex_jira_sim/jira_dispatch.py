"""The Jira listener's request pipeline: blackhole, auth, early-retry check, storms, rate limit, latency, faults."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from jiraex_jira_sim.auth import Principal
from jiraex_jira_sim.faults.throttle_responses import (
    limit_headers,
    retry_after_seconds,
    server_error,
    too_many_requests,
)
from jiraex_jira_sim.jql import JqlError
from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import (
    JiraHttpError,
    Response,
    error_collection,
    html_response,
    json_response,
    problem,
)
from jiraex_jira_sim.server.router import RouteMatch

if TYPE_CHECKING:
    from jiraex_jira_sim.app import SimApp

ADMIN_PREFIX = "/__sim/"
# X-RateLimit-Limit seen on API-token traffic (research/jira-api.md §11), used when no bucket is configured.
OBSERVED_CLOUD_LIMIT = 350


class JiraDispatcher:
    """RequestHandler of the Jira listener. Admin paths bypass faults, auth and statistics."""

    def __init__(self, app: SimApp) -> None:
        self._app = app

    async def handle(self, request: Request) -> Response:
        app = self._app
        if request.path.startswith(ADMIN_PREFIX):
            request.endpoint = "__sim"
            return await app.admin.handle(request)
        app.stats.started()
        match = app.router.match(request.method, request.raw_path)
        if match.route is not None:
            request.endpoint = match.route.name
        now = time.monotonic()
        faults = app.faults
        hold = faults.blackhole_remaining(now)
        if hold > 0:
            return Response(status=0, action="blackhole", hold=hold)
        principal = app.auth.authenticate(request)
        if isinstance(principal, Response):
            return principal
        credential = principal.credential
        request.credential, request.user = credential, principal.user
        # Judged by arrival time: a client that waited out Retry-After is never counted as early.
        verdict = app.ledger.judge(
            credential,
            arrived=request.received_at,
            connection=request.connection,
            grace=faults.settings.early_retry_grace_ms / 1000.0,
        )
        app.stats.retry_verdict(credential, verdict)
        storm = faults.storm_remaining(now)
        if storm > 0:
            limit = faults.rate_limit_capacity or OBSERVED_CLOUD_LIMIT
            return self._throttled(request, now, storm, limit=limit, reason="jira-quota-tenant-based")
        decision = faults.take_token(credential, now)
        if decision is not None and not decision.allowed:
            return self._throttled(
                request, now, decision.wait, limit=decision.limit, reason="jira-burst-based", reset=decision.full_in
            )
        delay = faults.latency_for(request.path)
        if delay > 0:
            await asyncio.sleep(delay)
        if faults.draw_reset():
            return Response(status=0, action="reset")
        error = faults.draw_server_error()
        if error is not None:
            retry_after = faults.settings.error_retry_after_s
            if error == 503 and retry_after > 0:
                app.ledger.told_to_wait(credential, until=now + retry_after, connection=request.connection, at=now)
            return server_error(error, retry_after)
        response = await self._route(request, match, principal)
        if decision is not None:
            response.headers += limit_headers(decision, cloud=app.cloud, rate=faults.settings.rate_limit_rps)
        if response.content_length > 1 and faults.draw_truncate():
            response.action = "truncate"
        return response

    def finished(self, request: Request, response: Response | None, outcome: str) -> None:
        if request.endpoint == "__sim":
            return
        self._app.stats.finished(
            endpoint=request.endpoint,
            status=response.status if response is not None else None,
            outcome=outcome,
            received_at=request.received_at,
            credential=request.credential,
            body_bytes=response.content_length if response is not None else 0,
        )

    def _throttled(
        self, request: Request, now: float, wait: float, *, limit: int, reason: str, reset: float | None = None
    ) -> Response:
        faults = self._app.faults
        html = faults.draw_html_429()
        retry_after = 0 if faults.draw_retry_after_zero() else retry_after_seconds(wait)
        if retry_after > 0:
            assert request.credential is not None
            self._app.ledger.told_to_wait(
                request.credential, until=now + retry_after, connection=request.connection, at=now
            )
        return too_many_requests(
            cloud=self._app.cloud,
            retry_after=retry_after,
            limit=limit,
            reset_in=wait if reset is None else reset,
            reason=reason,
            html=html,
            rate=faults.settings.rate_limit_rps,
        )

    async def _route(self, request: Request, match: RouteMatch, principal: Principal) -> Response:
        app = self._app
        route = match.route
        if route is None:
            if match.allowed:
                response = error_collection(405, [f"Method {request.method} is not allowed."])
                response.headers.append(("Allow", ", ".join(m for m in match.allowed if m != "HEAD")))
                return response
            return self._not_found(request)
        if route.auth and principal.anonymous:
            return app.auth.unauthenticated()
        try:
            return await route.handler(request, match.params)
        except JiraHttpError as refusal:
            return refusal.response
        except JqlError as exc:
            return error_collection(400, exc.messages)

    def _not_found(self, request: Request) -> Response:
        app = self._app
        if not request.path.startswith("/rest/"):
            return html_response(
                404,
                "<html><head><title>Oops, you've found a dead link.</title></head>"
                "<body><h1>Oops, you've found a dead link.</h1></body></html>",
            )
        if app.cloud:
            return problem(404, "Not Found", f"No endpoint {request.method} {request.path}.", request.path)
        return json_response({"message": f"null for uri: {app.base_url}{request.target}", "status-code": 404}, 404)
