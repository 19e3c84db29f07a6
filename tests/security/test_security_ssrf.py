"""S7: the SSRF corpus against connection create/test/fields and the guarded client; the canary gets 0 hits."""

import ipaddress
import uuid
from collections.abc import AsyncIterator

import pytest
from connection_harness import ConnectionWorld, connection_world
from ssrf_servers import TinyServer, canary_answer, tiny_server

from jiraex_shared.connections import (
    ConnectionInputError,
    EgressPolicy,
    EgressRefused,
    NewConnection,
    SystemResolver,
    create_connection,
    create_guarded_http_client,
    fields_dictionary,
    run_connection_test,
)
from jiraex_shared.db.connections import Connection
from jiraex_shared.jira import JiraClient, JiraCredentials, JiraError
from jiraex_shared.ratelimit import MemoryRateGovernor

pytestmark = pytest.mark.integration

ALLOWED_HOST = "127.0.0.2"  # the "allowed Jira" lives here; the canary on 127.0.0.1 is never allow-listed


class CorpusResolver:
    """The system resolver, plus names an attacker controls: they resolve to internal addresses.

    ``rebind.attacker.test`` answers the allowed address first and loopback afterwards (DNS rebinding).
    """

    def __init__(self) -> None:
        self.rebind_lookups = 0

    async def resolve(self, host: str, port: int) -> list:
        fixed = {
            "jira.attacker.test": ["127.0.0.1"],
            "metadata.attacker.test": ["169.254.169.254"],
            "mixed.attacker.test": ["93.184.215.14", "127.0.0.1"],
            "v6.attacker.test": ["::ffff:127.0.0.1"],
        }
        if host == "rebind.attacker.test":
            self.rebind_lookups += 1
            return [ipaddress.ip_address(ALLOWED_HOST if self.rebind_lookups == 1 else "127.0.0.1")]
        if host in fixed:
            return [ipaddress.ip_address(text) for text in fixed[host]]
        return await SystemResolver().resolve(host, port)


def corpus(port: int) -> list[str]:
    """Base URLs that all lead to the canary (or another internal address) one way or another."""
    return [
        f"http://127.0.0.1:{port}",
        f"http://127.1:{port}",
        f"http://2130706433:{port}",
        f"http://0x7f000001:{port}",
        f"http://0x7f.1:{port}",
        f"http://017700000001:{port}",
        f"http://0177.0.0.1:{port}",
        f"http://0:{port}",
        f"http://0.0.0.0:{port}",
        f"http://localhost:{port}",
        f"http://LOCALHOST.:{port}",
        f"http://[::1]:{port}",
        f"http://[::ffff:127.0.0.1]:{port}",
        f"http://[::ffff:7f00:1]:{port}",
        f"http://[::127.0.0.1]:{port}",
        f"http://[::]:{port}",
        f"http://jira.attacker.test:{port}",
        f"http://mixed.attacker.test:{port}",
        f"http://v6.attacker.test:{port}",
        f"https://x.atlassian.net@127.0.0.1:{port}",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://metadata.attacker.test/",
        "http://10.0.0.1",
        "http://192.168.0.1:8080",
        "http://100.64.0.1",
        "http://[fd00::1]",
        "http://[fe80::1]",
        "http://224.0.0.1",
    ]


@pytest.fixture
async def canary() -> AsyncIterator[TinyServer]:
    async with tiny_server("127.0.0.1", canary_answer) as server:
        yield server
        assert server.connections == 0, f"the canary was reached: {server.paths}"


@pytest.fixture
async def world(pg_url: str) -> AsyncIterator[ConnectionWorld]:
    async with connection_world(pg_url, resolver=CorpusResolver()) as world:
        await world.allow(ALLOWED_HOST)
        yield world


async def planted(world: ConnectionWorld, base_url: str, *, deployment: str = "server") -> uuid.UUID:
    """A row whose URL no longer passes the checks (written directly, as if DNS or the rules changed later)."""
    connection_id = uuid.uuid4()
    sealed = world.deps.cipher.encrypt("token", row_id=str(connection_id))
    async with world.sessions() as session, session.begin():
        session.add(Connection(
            id=connection_id, owner_id=world.alice.user_id, name="planted", base_url=base_url,
            deployment=deployment, auth_kind="bearer", credential_ciphertext=sealed.ciphertext,
            credential_nonce=sealed.nonce, credential_key_id=sealed.key_id,
        ))
    return connection_id


async def test_every_corpus_url_is_refused_when_saved(world: ConnectionWorld, canary: TinyServer) -> None:
    for base_url in corpus(canary.port):
        async with world.sessions() as session:
            with pytest.raises(ConnectionInputError) as refused:
                await create_connection(session, world.deps, world.alice, NewConnection(
                    name="x", base_url=base_url, auth_kind="bearer", token="t",
                ))
        assert refused.value.field == "base_url", base_url
        # Generic: the refusal never says which internal address a name resolved to.
        for address in ("127.0.0.1", "169.254.169.254"):
            assert address not in refused.value.message or address in base_url, (base_url, refused.value.message)


async def test_every_corpus_url_is_refused_at_connect_time(world: ConnectionWorld, canary: TinyServer) -> None:
    for base_url in corpus(canary.port):
        connection_id = await planted(world, base_url)
        async with world.sessions() as session:
            result = await run_connection_test(session, world.deps, world.alice, connection_id)
            assert not result.ok, base_url
            # The guard refuses the address, or the URL itself is unusable (user info, 0177.0.0.1), or the name
            # does not resolve at all ("localhost." here): never a socket to the address.
            reasons = ("not allowed", "cannot be used", "cannot resolve")
            assert result.error and any(reason in result.error for reason in reasons), (base_url, result.error)
            with pytest.raises(JiraError):
                await fields_dictionary(session, world.deps, world.alice, connection_id)


async def test_dns_rebinding_after_the_check_is_refused(world: ConnectionWorld, canary: TinyServer) -> None:
    async with world.sessions() as session:
        view = await create_connection(session, world.deps, world.alice, NewConnection(
            name="rebind", base_url=f"http://rebind.attacker.test:{canary.port}", auth_kind="bearer", token="t",
        ))
        result = await run_connection_test(session, world.deps, world.alice, view.id)
    assert not result.ok and result.error and "not allowed" in result.error


def redirect_to(location: str, status: int = 302):
    def answer(path: str) -> tuple[int, dict[str, str], bytes]:
        return status, {"Location": location}, b""

    return answer


async def test_a_redirect_from_an_allowed_host_to_the_canary_is_not_followed(
    world: ConnectionWorld, canary: TinyServer
) -> None:
    for location in (f"{canary.origin}/rest/api/2/serverInfo", f"http://2130706433:{canary.port}/", "http://[::1]/"):
        async with tiny_server(ALLOWED_HOST, redirect_to(location)) as allowed:
            async with world.sessions() as session:
                view = await create_connection(session, world.deps, world.alice, NewConnection(
                    name="redirecting", base_url=allowed.origin, auth_kind="bearer", token="t",
                ))
                result = await run_connection_test(session, world.deps, world.alice, view.id)
            assert allowed.connections >= 1  # the allowed host was asked
            assert not result.ok and result.error


async def test_an_attachment_redirect_to_the_canary_is_refused(canary: TinyServer) -> None:
    """Cloud's 303 hands the download to another host without credentials; that hop is checked like the first,
    including a second redirect from an allowed media host onwards."""
    media_target = f"{canary.origin}/file"
    for chain in ("direct", "via-media"):

        def answer(path: str, chain: str = chain) -> tuple[int, dict[str, str], bytes]:
            if path.startswith("/rest/api/3/attachment/content/") and chain == "via-media":
                return 303, {"Location": f"http://{ALLOWED_HOST}:{allowed.port}/media/1"}, b""
            if path.startswith("/rest/api/3/attachment/content/"):
                return 303, {"Location": media_target}, b""
            return 302, {"Location": media_target}, b""

        async with tiny_server(ALLOWED_HOST, answer) as allowed:
            async with create_guarded_http_client(EgressPolicy.from_entries([ALLOWED_HOST])) as http:
                client = JiraClient(
                    allowed.origin, JiraCredentials(auth="bearer", user=None, token="t"), http,
                    governor=MemoryRateGovernor(), deployment="cloud", timeout=5, max_attempts=2,
                )
                with pytest.raises(EgressRefused):
                    async for _chunk in client.stream_attachment({"id": "10001", "size": 10}):
                        pass
            assert allowed.connections == (2 if chain == "via-media" else 1)


async def test_the_canary_does_count_what_reaches_it() -> None:
    """Control: the zero above means something — allow-listed explicitly, the same client does reach the canary."""
    async with tiny_server("127.0.0.1", canary_answer) as probe:
        async with create_guarded_http_client(EgressPolicy.from_entries(["127.0.0.1"])) as http:
            response = await http.get(f"http://2130706433:{probe.port}/")
        assert response.json() == {"canary": "reached"}
        assert probe.connections == 1
