"""Run the embedded product on uvicorn: stop cleanly on SIGINT/SIGTERM, print where it listens and how to log in."""

import asyncio
import contextlib
import signal
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import uvicorn

from jiraex_api.app import create_app
from jiraex_api.embedded.data_dir_lock import hold_data_dir
from jiraex_api.embedded.first_admin import FirstLogin, prepare_first_login
from jiraex_api.embedded.runtime import EmbeddedRuntime, open_embedded_deps
from jiraex_api.embedded.step_gate import StepGate
from jiraex_api.gc_tuning import settle_garbage_collector
from jiraex_shared.log import get_logger
from jiraex_shared.settings import Settings

# Open connections (an SSE stream follows a job for minutes) get this long after a stop signal, then close.
CONNECTION_DRAIN_SECONDS = 5.0

log = get_logger(__name__)


class _Server(uvicorn.Server):
    """uvicorn re-raises the stop signal once it has shut down, which would end the process with -15; the
    embedded product handles SIGINT/SIGTERM itself and returns, so a clean stop exits 0."""

    def __init__(self, config: uvicorn.Config, gate: StepGate) -> None:
        super().__init__(config)
        self.gate = gate
        self.interrupts = 0
        self.listening = asyncio.Event()
        # uvicorn's exit status when start-up failed (it has logged why); None while all is well.
        self.startup_failure: int | None = None

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets)
        except SystemExit as failed:
            # The app did not start or the address is taken; uvicorn has logged it and run the lifespan's
            # shutdown. Raised inside a task it would end the event loop with a traceback; end `serve` instead.
            self.startup_failure = failed.code if isinstance(failed.code, int) else 1
            self.should_exit = True
            return
        if self.started:
            self.listening.set()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        await super().shutdown(sockets)
        if not self.lifespan.shutdown_event.is_set():
            # uvicorn skips the application's shutdown on a forced exit; ours stops the worker and the scheduler
            # and closes the database, so it runs anyway (with `hurry` set it does not wait for running steps).
            await self.lifespan.shutdown()

    def request_stop(self, signum: int) -> None:
        """SIGTERM or Ctrl-C: stop gracefully. A second Ctrl-C (not a SIGTERM sent beside the terminal's SIGINT,
        as `scripts/run` does) also stops waiting for open connections and running export steps."""
        if signum == signal.SIGINT:
            self.interrupts += 1
        if self.interrupts > 1:
            self.force_exit = True
            self.gate.hurry.set()
        self.should_exit = True
        log.info("serve_stopping", signal=signal.Signals(signum).name, forced=self.force_exit)


async def serve(settings: Settings, out: TextIO = sys.stdout) -> int:
    """Serve until SIGINT/SIGTERM; the exit status: 0 after a clean stop, 3 when start-up failed (the database,
    the lifespan or the listen address: the log says which)."""
    with contextlib.ExitStack() as stack:
        if not settings.database_url:
            stack.enter_context(hold_data_dir(Path(settings.data_dir)))
        return await _serve(settings, out)


async def _serve(settings: Settings, out: TextIO) -> int:
    login = await prepare_first_login(settings)
    runtime = EmbeddedRuntime()

    def open_deps(current: Settings):  # type: ignore[no-untyped-def]
        return open_embedded_deps(current, runtime)

    config = uvicorn.Config(
        create_app(settings, open_deps=open_deps), host=settings.api_host, port=settings.api_port,
        proxy_headers=False, server_header=False, access_log=False, log_config=None, lifespan="on",
        timeout_graceful_shutdown=CONNECTION_DRAIN_SECONDS,
    )
    server = _Server(config, runtime.gate)
    settle_garbage_collector()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, server.request_stop, signum)
    try:
        task = asyncio.create_task(server.serve(), name="uvicorn")
        listening = asyncio.create_task(server.listening.wait())
        await asyncio.wait({task, listening}, return_when=asyncio.FIRST_COMPLETED)
        listening.cancel()
        if server.started:
            _print_banner(out, server, settings, login)
        await task
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    return server.startup_failure or 0


def _print_banner(out: TextIO, server: uvicorn.Server, settings: Settings, login: FirstLogin) -> None:
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    lines = [f"Jira Issue Extractor is running at http://{shown}:{port}/", f"  data: {settings.data_dir}"]
    if login.password:
        lines += [
            f"  log in as {login.email} with password {login.password}",
            "  (generated now and shown only this once: only its hash is stored, so keep it somewhere safe)",
        ]
    elif login.email:
        lines.append(f"  log in as {login.email} with JIRA_EXTRACTOR_ADMIN_PASSWORD")
    else:
        lines.append("  log in with an existing account (`jiraex create-user --admin` adds one)")
    lines.append("  API: POST /api/auth/login {\"email\", \"password\"}; OpenAPI at /api/schema. Ctrl-C stops.")
    out.write("\n".join(lines) + "\n")
    out.flush()
