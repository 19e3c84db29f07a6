"""Liveness answers without authentication; readiness checks each configured dependency."""

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from api_harness import ApiHarness, api_settings, fast_hasher
from litestar.testing import AsyncTestClient

from jiraex_api.app import create_app
from jiraex_api.deps import ApiDeps, DepsOptions, open_api_deps
from jiraex_shared.settings import Settings


async def test_healthz_needs_no_login(api: ApiHarness) -> None:
    for path in ("/healthz", "/api/healthz"):
        response = await api.client.get(path)
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}


async def test_readyz_checks_the_embedded_adapters(api: ApiHarness) -> None:
    response = await api.client.get("/readyz")
    assert response.status_code == 200
    checks = {"broker": "in-process", "database": "ok", "redis": "memory", "storage": "ok"}
    assert response.json() == {"status": "ready", "checks": checks}


async def test_readyz_is_a_503_problem_naming_what_is_down(tmp_path: Path) -> None:
    async def refuse() -> None:
        raise ConnectionRefusedError("broker gone")

    @asynccontextmanager
    async def with_dead_broker(settings: Settings) -> AsyncIterator[ApiDeps]:
        async with open_api_deps(settings, DepsOptions(hasher=fast_hasher())) as deps:
            yield dataclasses.replace(deps, probes={**deps.probes, "broker": refuse})

    app = create_app(api_settings(str(tmp_path)), open_deps=with_dead_broker)
    async with AsyncTestClient(app) as client:
        response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["detail"] == "not ready: broker down"
    assert problem["checks"]["broker"] == "down: ConnectionRefusedError"
    assert problem["checks"]["database"] == "ok"
