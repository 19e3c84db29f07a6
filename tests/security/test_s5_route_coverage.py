"""S5 completeness: every route of the app has at least one row in a `test_s5_*_matrix.py` file.

A new route without a matrix row fails here, so nobody ships an endpoint whose authorization was never checked
for all four callers; a row that names no route (a renamed path) fails too, since it would only test a 404.
"""

import importlib
import re
import uuid
from collections import defaultdict
from pathlib import Path

from api_harness import api_settings
from s5_matrix import Route, fill

from jiraex_api.app import create_app

# Routes no matrix row needs, and why.
EXEMPT_METHODS = {
    # Litestar answers OPTIONS itself (an Allow header, no handler code runs); guards still apply to it.
    "OPTIONS",
}
EXEMPT_ROUTES = {
    # The OpenAPI render plugins' catch-all: it serves only the documents the ops matrix already reads.
    ("GET", "/api/schema/{path:str}"),
}


def matrix_rows() -> list[Route]:
    files = sorted(Path(__file__).parent.glob("test_s5_*_matrix.py"))
    # The module names pytest gave them (rootdir-relative basenames), so nothing is imported twice.
    modules = [importlib.import_module(path.stem) for path in files]
    assert len(modules) >= 5, files  # accounts, connections, jobs, ops, schedules
    return [row for module in modules for row in module.ROUTES]


def template_pattern(path: str) -> re.Pattern[str]:
    """``/api/jobs/{job_id:uuid}/files/{path:path}`` → a regex matching the concrete paths it routes."""
    parts = re.split(r"(\{[^}]+\})", path)
    regex = "".join(
        (".+" if part.endswith(":path}") else "[^/]+") if part.startswith("{") else re.escape(part) for part in parts
    )
    return re.compile(f"^{regex}$")


def app_routes(tmp_path: Path) -> dict[tuple[str, str], re.Pattern[str]]:
    app = create_app(api_settings(str(tmp_path)))
    found = {}
    for route in app.routes:
        for method in getattr(route, "methods", None) or {type(route).__name__}:
            if method not in EXEMPT_METHODS and (method, route.path) not in EXEMPT_ROUTES:
                found[method, route.path] = template_pattern(route.path)
    return found


def concrete(route: Route) -> str:
    """The row's URL with every template name filled with an id, as the router would see it."""
    return fill(route.url, defaultdict(lambda: str(uuid.uuid4())))


def test_every_route_has_an_s5_matrix_row(tmp_path: Path) -> None:
    routes = app_routes(tmp_path)
    assert len(routes) > 40, routes  # the app's routes were really listed
    covered, stale = set(), []
    for row in matrix_rows():
        path = concrete(row)
        matches = [key for key, pattern in routes.items() if key[0] == row.method and pattern.match(path)]
        if not matches:
            stale.append(row.name)
            continue
        # A static path wins over a parameter, as in the router: the template with the fewest parameters.
        covered.add(min(matches, key=lambda key: key[1].count("{")))
    assert stale == [], f"matrix rows that name no route: {stale}"
    missing = sorted(set(routes) - covered)
    assert missing == [], f"routes with no S5 matrix row: {missing}"
