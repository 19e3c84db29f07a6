"""`create_app(settings)`: the Litestar application, its composition root opened in the lifespan."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager

from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware

from jiraex_api.access_log import AccessLogMiddleware
from jiraex_api.auth.csrf import csrf_guard
from jiraex_api.auth.middleware import PUBLIC, SessionAuthMiddleware
from jiraex_api.client_address import parse_networks
from jiraex_api.deps import ApiDeps, DepsOptions, open_api_deps, provide_db_session, provide_deps
from jiraex_api.metrics import GaugeCache, RequestHistogram, RequestMetricsMiddleware
from jiraex_api.nul_guard import refuse_nul
from jiraex_api.openapi import SCHEMA_PATH, create_openapi_config
from jiraex_api.problems import EXCEPTION_HANDLERS
from jiraex_api.routes import ROUTE_HANDLERS
from jiraex_api.routes.metrics import GAUGE_CACHE, REQUEST_HISTOGRAM
from jiraex_api.scheduler_task import scheduler_in_process
from jiraex_api.startup import prepare_database
from jiraex_shared.log import get_logger
from jiraex_shared.settings import Settings, describe_adapters

OpenDeps = Callable[[Settings], AbstractAsyncContextManager[ApiDeps]]
# Request bodies of this API are small JSON documents; anything bigger is refused before it is read.
MAX_REQUEST_BODY_BYTES = 1_048_576

log = get_logger(__name__)


def create_app(
    settings: Settings, *, options: DepsOptions | None = None, open_deps: OpenDeps | None = None
) -> Litestar:
    """The API for ``settings``. ``options`` tune the default composition root; ``open_deps`` replaces it."""

    def default_open(current: Settings) -> AbstractAsyncContextManager[ApiDeps]:
        return open_api_deps(current, options)

    opener = open_deps or default_open

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with opener(settings) as deps:
            try:
                await prepare_database(settings, deps)
            except Exception as error:
                # One line an operator can act on, before uvicorn prints the traceback and exits.
                log.error("api_start_failed", error=f"{type(error).__name__}: {error}")
                raise
            app.state.deps = deps
            log.info("api_started", adapters={c.component: c.adapter for c in describe_adapters(settings)})
            async with AsyncExitStack() as background:
                # `jiraex serve` passes its own `open_deps`, which runs the scheduler itself.
                if settings.enable_scheduler and open_deps is None:
                    await background.enter_async_context(scheduler_in_process(deps))
                yield
            log.info("api_stopped")

    histogram = RequestHistogram()
    return Litestar(
        route_handlers=ROUTE_HANDLERS,
        state=State({REQUEST_HISTOGRAM: histogram, GAUGE_CACHE: GaugeCache()}),
        lifespan=[lifespan],
        dependencies={
            "deps": Provide(provide_deps, sync_to_thread=False),
            "db": Provide(provide_db_session),
        },
        middleware=[
            AccessLogMiddleware(parse_networks(settings.trusted_proxies)),
            RequestMetricsMiddleware(histogram),
            DefineMiddleware(SessionAuthMiddleware, exclude_from_auth_key=PUBLIC, exclude=[f"^{SCHEMA_PATH}"]),
        ],
        guards=[csrf_guard],
        before_request=refuse_nul,
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=create_openapi_config(),
        request_max_body_size=MAX_REQUEST_BODY_BYTES,
        debug=False,
        # Our AccessLogMiddleware and problem handlers log; Litestar's own logging config would add a second,
        # unstructured handler.
        logging_config=None,
    )
