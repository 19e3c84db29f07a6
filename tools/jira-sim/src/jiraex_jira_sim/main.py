"""Entry point of ``jiraex-jira-sim``: build the config, serve, print READY, stop on SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from jiraex_jira_sim.cli import build_parser, config_from_args
from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.runner import run_simulator


async def serve(config: SimConfig) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with run_simulator(config) as sim:
        print(f"media listener {sim.media_url}", file=sys.stderr, flush=True)
        print(f"READY {sim.base_url}", flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr)
    try:
        config = config_from_args(args)
    except ValueError as exc:
        print(f"jiraex-jira-sim: {exc}", file=sys.stderr)
        return 2
    try:
        import uvloop  # optional speed-up, installed with uvicorn[standard]
    except ImportError:
        runner = asyncio.run
    else:
        runner = uvloop.run
    try:
        runner(serve(config))
    except OSError as exc:  # typically the port is taken
        print(f"jiraex-jira-sim: cannot listen on {config.host}:{config.port}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
