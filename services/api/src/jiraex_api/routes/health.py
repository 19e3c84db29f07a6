"""Probes: `/healthz` (the process serves) and `/readyz` (its dependencies answer); also under `/api/`."""

from typing import Any

import structlog
from litestar import Request, Response, get
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE

from jiraex_api.auth.middleware import PUBLIC
from jiraex_api.deps import Deps
from jiraex_api.openapi import problems
from jiraex_api.schemas import PROBLEM_MEDIA_TYPE, Liveness, Problem, Readiness
from jiraex_api.services.readiness import check_readiness

PROBE_TIMEOUT_SECONDS = 3.0


@get(["/healthz", "/api/healthz"], opt={PUBLIC: True}, tags=["ops"], responses=problems())
async def healthz() -> Liveness:
    return Liveness()


@get(["/readyz", "/api/readyz"], opt={PUBLIC: True}, tags=["ops"], responses=problems(503))
async def readyz(request: Request[Any, Any, Any], deps: Deps) -> Response[Readiness]:
    """200 when the database, broker, Redis and storage answer; 503 naming what is down otherwise."""
    probed = await check_readiness(deps.probes, within=PROBE_TIMEOUT_SECONDS)
    ready = all(result == "ok" for result in probed.values())
    checks = dict(sorted({**deps.in_process, **probed}.items()))
    if ready:
        return Response(Readiness(status="ready", checks=checks), status_code=HTTP_200_OK)
    down = ", ".join(name for name, result in probed.items() if result != "ok")
    problem = Problem(
        title="Service Unavailable", status=HTTP_503_SERVICE_UNAVAILABLE, detail=f"not ready: {down} down",
        instance=request.url.path, request_id=structlog.contextvars.get_contextvars().get("request_id"),
        checks=checks,
    )
    # The annotation documents the 200 body; the 503 problem is declared through `responses`.
    return Response(problem, status_code=HTTP_503_SERVICE_UNAVAILABLE, media_type=PROBLEM_MEDIA_TYPE)  # type: ignore[arg-type]


health_routes = [healthz, readyz]
