"""`jiraex-api`: the HTTP API (Litestar on uvicorn) on JIRA_EXTRACTOR_API_HOST:JIRA_EXTRACTOR_API_PORT."""

import sys
from collections.abc import Sequence

import uvicorn

from jiraex_api.app import create_app
from jiraex_api.gc_tuning import settle_garbage_collector
from jiraex_shared.cli.exit_codes import FAILURE, OK
from jiraex_shared.process_entry import start_process

DESCRIPTION = (
    "the HTTP API (Litestar on uvicorn) on JIRA_EXTRACTOR_API_HOST:JIRA_EXTRACTOR_API_PORT (127.0.0.1:8080). "
    "At start it applies pending database migrations unless JIRA_EXTRACTOR_MIGRATE_ON_START=false, and creates "
    "the first admin from JIRA_EXTRACTOR_ADMIN_EMAIL/_ADMIN_PASSWORD when no user exists. Without "
    "JIRA_EXTRACTOR_RABBITMQ_URL, _REDIS_URL and _S3_BUCKET it uses the in-process bus, in-memory streams and "
    "local files. X-Forwarded-For/-Proto are believed only from JIRA_EXTRACTOR_TRUSTED_PROXIES. Exits 3 when "
    "start-up fails (database, broker, storage unreachable; schema behind with migrations off)."
)


def main(argv: Sequence[str] | None = None) -> int:
    settings = start_process("jiraex-api", DESCRIPTION, argv)
    config = uvicorn.Config(
        create_app(settings), host=settings.api_host, port=settings.api_port,
        # Forwarded headers are judged by the app against JIRA_EXTRACTOR_TRUSTED_PROXIES; uvicorn's own handling
        # would trust any loopback peer's X-Forwarded-For.
        proxy_headers=False, server_header=False, access_log=False, log_config=None, lifespan="on",
    )
    server = uvicorn.Server(config)
    settle_garbage_collector()
    # uvicorn itself exits with status 3 when start-up fails (after our `api_start_failed` line) and re-raises
    # SIGTERM/SIGINT after a graceful stop; returning here means it stopped without ever serving.
    server.run()
    return OK if server.started else FAILURE


if __name__ == "__main__":
    sys.exit(main())
