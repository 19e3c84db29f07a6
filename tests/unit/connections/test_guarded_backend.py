"""The guarded network backend without sockets: refusal before any connect, and connect to the vetted address."""

import ipaddress

import httpcore
import pytest

from jiraex_shared.connections import EgressPolicy, EgressRefused, create_guarded_http_client
from jiraex_shared.connections.guarded_backend import GuardedNetworkBackend
from jiraex_shared.connections.resolver import HostUnresolvable


class ScriptedResolver:
    """Answers from a script, one answer per call, like a DNS server rebinding between lookups."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.calls = 0

    async def resolve(self, host: str, port: int) -> list:
        self.calls += 1
        answer = self.answers.pop(0)
        if not answer:
            raise HostUnresolvable(f"cannot resolve {host!r}")
        return [ipaddress.ip_address(text) for text in answer]


class RecordingBackend(httpcore.AsyncNetworkBackend):
    def __init__(self) -> None:
        self.connected: list[tuple[str, int]] = []

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # noqa: ASYNC109
        self.connected.append((host, port))
        if host == "198.51.100.99":
            raise httpcore.ConnectError("unreachable")
        return httpcore.AsyncNetworkStream()

    async def sleep(self, seconds: float) -> None:
        return None


async def test_a_refused_name_never_reaches_connect() -> None:
    inner = RecordingBackend()
    backend = GuardedNetworkBackend(EgressPolicy(), ScriptedResolver(["127.0.0.1"]), inner)
    with pytest.raises(EgressRefused):
        await backend.connect_tcp("innocent.example", 443)
    assert inner.connected == []


async def test_the_socket_goes_to_the_vetted_address_and_the_name_is_resolved_once() -> None:
    inner = RecordingBackend()
    resolver = ScriptedResolver(["104.192.141.1"], ["127.0.0.1"])
    backend = GuardedNetworkBackend(EgressPolicy(), resolver, inner)
    await backend.connect_tcp("rebind.example", 443)
    assert inner.connected == [("104.192.141.1", 443)]
    assert resolver.calls == 1


async def test_the_next_vetted_address_is_tried_when_one_is_unreachable() -> None:
    inner = RecordingBackend()
    backend = GuardedNetworkBackend(EgressPolicy(), ScriptedResolver(["198.51.100.99", "104.192.141.1"]), inner)
    # 198.51.100.0/24 is documentation space, hence not public: allow it explicitly for this test.
    backend.policy = EgressPolicy.from_entries(["198.51.100.0/24"])
    await backend.connect_tcp("two.example", 80)
    assert inner.connected == [("198.51.100.99", 80), ("104.192.141.1", 80)]


async def test_an_unresolvable_name_is_an_ordinary_connect_error() -> None:
    backend = GuardedNetworkBackend(EgressPolicy(), ScriptedResolver([]), RecordingBackend())
    with pytest.raises(httpcore.ConnectError):
        await backend.connect_tcp("nx.example", 80)


async def test_unix_sockets_are_refused() -> None:
    backend = GuardedNetworkBackend(EgressPolicy(), ScriptedResolver(), RecordingBackend())
    with pytest.raises(EgressRefused):
        await backend.connect_unix_socket("/var/run/docker.sock")


async def test_the_client_uses_the_guarded_pool_ignores_proxies_and_does_not_follow_redirects() -> None:
    async with create_guarded_http_client(EgressPolicy()) as client:
        transport = client._transport
        assert client.trust_env is False
        assert client.follow_redirects is False
        assert isinstance(transport._pool, httpcore.AsyncConnectionPool)  # type: ignore[attr-defined]
        assert isinstance(transport._pool._network_backend, GuardedNetworkBackend)  # type: ignore[attr-defined]
        assert client._mounts == {}
