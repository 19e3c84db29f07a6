"""Facts about the current request that services need: the client's address, whether it came over HTTPS."""

from typing import Any

from litestar import Request

from jiraex_api.auth.cookies import secure_context
from jiraex_api.client_address import client_address
from jiraex_api.deps import ApiDeps


def caller_address(request: Request[Any, Any, Any], deps: ApiDeps) -> str:
    return client_address(request.scope, deps.trusted_proxies)


def secure_cookies(request: Request[Any, Any, Any], deps: ApiDeps) -> bool:
    """Secure cookies when this request or the public URL is HTTPS (a laptop on plain HTTP gets plain cookies)."""
    return secure_context(request.scope, deps)
