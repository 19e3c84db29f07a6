"""An httpcore network backend that resolves once, vets every address, and connects to a vetted one."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

import httpcore
from httpcore import AsyncNetworkBackend, AsyncNetworkStream

from jiraex_shared.connections.egress_errors import EgressRefused
from jiraex_shared.connections.egress_policy import EgressPolicy
from jiraex_shared.connections.resolver import HostUnresolvable, Resolver, SystemResolver
from jiraex_shared.log import get_logger

log = get_logger(__name__)


class GuardedNetworkBackend(AsyncNetworkBackend):
    """Checks at connect time, for every new connection (first request, each redirect hop, the media host).

    DNS rebinding cannot slip between check and use: the name is resolved exactly once here and the socket
    is opened to one of the addresses just checked, never to the name. The URL is untouched, so the Host
    header, TLS SNI and certificate verification still use the host name. Pooled connections were checked
    when they were opened.
    """

    def __init__(
        self, policy: EgressPolicy, resolver: Resolver | None = None, inner: AsyncNetworkBackend | None = None
    ) -> None:
        self.policy = policy
        self._resolver = resolver or SystemResolver()
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await self._resolver.resolve(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host!r} took longer than {timeout} s") from None
        except HostUnresolvable as error:
            # The same class an unguarded client raises for a DNS failure, so callers treat it alike.
            raise httpcore.ConnectError(str(error)) from None
        try:
            self.policy.check(host, addresses)
        except EgressRefused as refused:
            log.warning("egress_refused", host=host, port=port, reason=refused.reason)
            raise
        failure: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address), port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        assert failure is not None  # check() refuses an empty address list
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:
        raise EgressRefused(path, "unix socket")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
