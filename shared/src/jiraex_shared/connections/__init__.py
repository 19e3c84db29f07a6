"""Jira connections for users: CRUD with sealed credentials, the connection test, fields, and the egress guard."""

from jiraex_shared.connections.connection_checks import (
    ConnectionTestResult,
    FieldEntry,
    fields_dictionary,
    run_connection_test,
)
from jiraex_shared.connections.connection_crud import (
    create_connection,
    delete_connection,
    get_connection,
    list_connections,
    update_connection,
)
from jiraex_shared.connections.connection_errors import ConnectionInputError, ConnectionNotFound
from jiraex_shared.connections.connection_input import ConnectionChanges, NewConnection
from jiraex_shared.connections.connection_views import ConnectionView
from jiraex_shared.connections.egress_config import load_egress_policy, normalise_allow_list, set_allowed_hosts
from jiraex_shared.connections.egress_errors import EgressRefused
from jiraex_shared.connections.egress_policy import AllowListError, EgressPolicy
from jiraex_shared.connections.guarded_backend import GuardedNetworkBackend
from jiraex_shared.connections.guarded_http import create_guarded_http_client, guarded_http_client
from jiraex_shared.connections.key_rotation import RotationReport, rotate_connection_keys
from jiraex_shared.connections.resolver import Resolver, SystemResolver
from jiraex_shared.connections.service_deps import ConnectionDeps, Viewer

__all__ = [
    "AllowListError",
    "ConnectionChanges",
    "ConnectionDeps",
    "ConnectionInputError",
    "ConnectionNotFound",
    "ConnectionTestResult",
    "ConnectionView",
    "EgressPolicy",
    "EgressRefused",
    "FieldEntry",
    "GuardedNetworkBackend",
    "NewConnection",
    "Resolver",
    "RotationReport",
    "SystemResolver",
    "Viewer",
    "create_connection",
    "create_guarded_http_client",
    "delete_connection",
    "fields_dictionary",
    "get_connection",
    "guarded_http_client",
    "list_connections",
    "load_egress_policy",
    "normalise_allow_list",
    "rotate_connection_keys",
    "run_connection_test",
    "set_allowed_hosts",
    "update_connection",
]
