"""Run the readiness probes concurrently, each bounded in time, and say what each one found."""

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from jiraex_shared.log import get_logger

log = get_logger(__name__)


async def check_readiness(probes: Mapping[str, Callable[[], Awaitable[None]]], *, within: float) -> dict[str, str]:
    """``{component: "ok" | "down: <reason>"}`` for every probe; a probe slower than ``within`` counts as down."""

    async def run(name: str, probe: Callable[[], Awaitable[None]]) -> tuple[str, str]:
        try:
            async with asyncio.timeout(within):
                await probe()
        except TimeoutError:
            return name, f"down: no answer within {within:g} s"
        except Exception as error:  # any failure means "not ready"; the class name is enough for an operator
            log.warning("readiness_probe_failed", component=name, error=repr(error))
            return name, f"down: {type(error).__name__}"
        return name, "ok"

    results = await asyncio.gather(*(run(name, probe) for name, probe in probes.items()))
    return dict(sorted(results))
