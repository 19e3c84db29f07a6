"""The connection service's dependencies (cipher, governor, resolver), built once per settings for every route."""

from jiraex_api.services.errors import Unavailable
from jiraex_shared.connections.service_deps import ConnectionDeps
from jiraex_shared.ratelimit.memory import MemoryRateGovernor
from jiraex_shared.security.credential_cipher import CredentialCipher, CredentialError
from jiraex_shared.settings import Settings

# Keyed by id; the Settings is kept alongside so its id cannot be reused. One entry per app in practice.
_deps_by_settings: dict[int, tuple[Settings, ConnectionDeps]] = {}


def connection_deps(settings: Settings) -> ConnectionDeps:
    """Built once per settings object; CredentialError when JIRA_EXTRACTOR_SECRET_KEY is unset.

    A connection test or a preflight makes a couple of requests: a process-local governor paces them.
    """
    cached = _deps_by_settings.get(id(settings))
    if cached is None:
        deps = ConnectionDeps(
            settings=settings, cipher=CredentialCipher.from_settings(settings), governor=MemoryRateGovernor()
        )
        cached = _deps_by_settings[id(settings)] = (settings, deps)
    return cached[1]


def require_connection_deps(settings: Settings) -> ConnectionDeps:
    """As connection_deps, with the missing key reported as 503: no credential can be sealed or opened."""
    try:
        return connection_deps(settings)
    except CredentialError as error:
        raise Unavailable(str(error)) from None
