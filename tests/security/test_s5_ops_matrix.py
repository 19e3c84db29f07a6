"""S5, operations rows: the probes, /metrics and the OpenAPI document are public and answer everybody alike.

ARCHITECTURE §8 lists `/healthz`, `/readyz` and `/metrics` as ops routes for orchestrators and Prometheus, which
hold no credential; they carry no per-user data (`test_s5_schedules_matrix.py` checks /metrics names nobody).
The OpenAPI document describes the API, not anybody's data, so clients may read it before signing in.
"""

from api_harness import ApiHarness
from s5_matrix import Route, check_row, parametrize_rows, public

ROUTES = [
    public("GET", "/healthz", 200),
    public("GET", "/api/healthz", 200),
    public("GET", "/readyz", 200),  # the in-memory adapters of the test API all answer
    public("GET", "/api/readyz", 200),
    public("GET", "/metrics", 200),
    public("GET", "/api/schema", 200),
    public("GET", "/api/schema/openapi.json", 200),
    public("GET", "/api/schema/scalar", 200),
]


@parametrize_rows(ROUTES)
async def test_route_matrix(api: ApiHarness, route: Route) -> None:
    await check_row(api, route)
