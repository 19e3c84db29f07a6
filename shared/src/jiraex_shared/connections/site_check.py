"""The early egress check when a base URL is saved, so a refused site fails in the form, not at export time."""

from __future__ import annotations

from jiraex_shared.connections.base_url import base_url_host, base_url_port
from jiraex_shared.connections.connection_errors import ConnectionInputError
from jiraex_shared.connections.egress_errors import EgressRefused
from jiraex_shared.connections.egress_policy import EgressPolicy
from jiraex_shared.connections.resolver import HostUnresolvable, Resolver
from jiraex_shared.log import get_logger

log = get_logger(__name__)


async def check_site_allowed(base_url: str, policy: EgressPolicy, resolver: Resolver) -> None:
    """ConnectionInputError when the host does not resolve or resolves to an address the policy refuses.

    Advisory only: DNS may change after this, which is why every connection is checked again when it opens.
    """
    host = base_url_host(base_url)
    try:
        addresses = await resolver.resolve(host, base_url_port(base_url))
    except HostUnresolvable:
        raise ConnectionInputError("base_url", f"the host {host!r} does not resolve") from None
    try:
        policy.check(host, addresses)
    except EgressRefused as refused:
        log.warning("connection_site_refused", host=host, reason=refused.reason)
        raise ConnectionInputError("base_url", refused.message) from None
