"""Asyncio HTTP/1.1 transport of the simulator: requests, responses, routing and listeners."""

from jiraex_jira_sim.server.listener import Listener, bind_socket, start_listener
from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import JiraHttpError, Response, StreamDropped
from jiraex_jira_sim.server.router import Route, RouteMatch, Router

__all__ = [
    "JiraHttpError",
    "Listener",
    "Request",
    "Response",
    "Route",
    "RouteMatch",
    "Router",
    "StreamDropped",
    "bind_socket",
    "start_listener",
]
