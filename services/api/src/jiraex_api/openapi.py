"""The OpenAPI document at /api/schema, and the problem responses every operation declares."""

from http import HTTPStatus

from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import ScalarRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from jiraex_api.schemas.problem import PROBLEM_MEDIA_TYPE, Problem

SCHEMA_PATH = "/api/schema"
# Declared on the routes that need a signed-in caller; public routes (login, health…) declare none.
AUTHENTICATED: list[dict[str, list[str]]] = [{"bearer": []}, {"session": []}]
API_VERSION = "1.0.0"


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """Problem+json responses for ``statuses``; 400 (malformed request) and 500 are always declared."""
    return {
        status: ResponseSpec(
            data_container=Problem, media_type=PROBLEM_MEDIA_TYPE, generate_examples=False,
            description=HTTPStatus(status).phrase,
        )
        for status in sorted({400, 500, *statuses})
    }


def create_openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Jira Issue Extractor API",
        version=API_VERSION,
        path=SCHEMA_PATH,
        render_plugins=[ScalarRenderPlugin()],
        components=Components(
            security_schemes={
                "bearer": SecurityScheme(type="http", scheme="bearer", description="token from POST /api/auth/login"),
                "session": SecurityScheme(
                    type="apiKey", name="jiraex_session", security_scheme_in="cookie",
                    description="browser session cookie (__Host-jiraex_session over HTTPS); send X-CSRF-Token too",
                ),
            }
        ),
    )
