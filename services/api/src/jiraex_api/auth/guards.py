"""Role guards (ASVS 8.2.1): checked on the server for every request to the routes they protect."""

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from jiraex_shared.log import get_logger

log = get_logger(__name__)


async def admin_only(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    # Read from the scope: methods the authentication middleware skips (OPTIONS) reach guards with no user.
    user = connection.scope.get("user")
    if user is None:
        raise NotAuthorizedException("sign in first")
    if not user.is_admin:
        log.warning("authorization_refused", user_id=str(user.user_id), path=connection.scope.get("path"))
        raise PermissionDeniedException("this needs the admin role")
