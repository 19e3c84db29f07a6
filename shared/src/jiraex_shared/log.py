"""Structured logging: structlog for our code and the standard library's loggers alike, JSON when not on a TTY."""

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import structlog

# Keys every process binds per message or request (CONVENTIONS habit 7).
CONTEXT_KEYS = ("service", "job_id", "message_id")
# Libraries that log every request at INFO; our own request counters and retry events say what matters.
QUIET_LIBRARIES = ("httpx", "httpcore")


def configure_logging(*, level: str = "INFO", fmt: str = "auto", service: str, stream: TextIO | None = None) -> None:
    """Route structlog and stdlib logging through one handler; call once from `main()`."""
    stream = stream or sys.stderr
    json_output = fmt == "json" or (fmt == "auto" and not stream.isatty())
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer() if json_output else structlog.dev.ConsoleRenderer(colors=stream.isatty())
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info if json_output else _identity,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(service=service)


def get_logger(name: str | None = None) -> Any:
    return structlog.stdlib.get_logger(name)


@contextmanager
def log_context(**values: object) -> Iterator[None]:
    """Bind `job_id`, `message_id`, … for the duration of one message or request (contextvars: task-local)."""
    with structlog.contextvars.bound_contextvars(**values):
        yield


def _identity(_: Any, __: str, event: Any) -> Any:
    return event
