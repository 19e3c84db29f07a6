"""Route handlers: decode, call a service function, map the result; no business rules here."""

from litestar.types import ControllerRouterHandler

from jiraex_api.routes.admin_config import AdminConfigController
from jiraex_api.routes.auth import AuthController
from jiraex_api.routes.connections import ConnectionsController
from jiraex_api.routes.exports import ExportsController
from jiraex_api.routes.folders import FoldersController
from jiraex_api.routes.health import health_routes
from jiraex_api.routes.job_files import JobFilesController
from jiraex_api.routes.job_stream import job_stream_routes
from jiraex_api.routes.jobs import JobsController
from jiraex_api.routes.metrics import metrics_routes
from jiraex_api.routes.preferences import PreferencesController
from jiraex_api.routes.schedules import SchedulesController
from jiraex_api.routes.users import UsersController

ROUTE_HANDLERS: list[ControllerRouterHandler] = [
    AuthController, UsersController, PreferencesController, *health_routes,
    ConnectionsController, AdminConfigController, ExportsController, JobsController, JobFilesController,
    *job_stream_routes, FoldersController, SchedulesController, *metrics_routes,
]

__all__ = ["ROUTE_HANDLERS"]
