"""The HTTP API (Litestar): `create_app(settings)` and the `jiraex-api` console script."""

from jiraex_api.app import create_app

__all__ = ["create_app"]
