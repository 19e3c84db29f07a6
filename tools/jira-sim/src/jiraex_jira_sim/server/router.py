"""Path-template routing (``/rest/api/3/issue/{key}``), matched segment by segment on the raw path."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import unquote

from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response

Handler = Callable[[Request, dict[str, str]], Awaitable[Response]]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    template: str
    handler: Handler
    # Whether a Jira credential is required; serverInfo answers anonymous callers.
    auth: bool = True

    @property
    def name(self) -> str:
        """The statistics key: method plus template, so issue keys don't explode the counters."""
        return f"{self.method} {self.template}"


@dataclass(frozen=True, slots=True)
class RouteMatch:
    route: Route | None
    params: dict[str, str]
    # Methods the path accepts when the method itself did not match (for 405 answers).
    allowed: tuple[str, ...] = ()


def split_path(raw_path: str) -> tuple[str, ...]:
    """Segments of a raw (still percent-encoded) path, each decoded on its own.

    Decoding after splitting keeps an encoded ``/`` inside its segment: Server's
    ``/secure/attachment/{id}/{filename}`` must serve a file named ``../../etc/passwd``.
    """
    return tuple(unquote(segment) for segment in raw_path.split("/"))


class Router:
    """Literal templates are a dict lookup; templates with placeholders are tried in registration order."""

    def __init__(self) -> None:
        self._exact: dict[tuple[str, ...], dict[str, Route]] = {}
        self._patterns: list[tuple[tuple[str | None, ...], tuple[str, ...], dict[str, Route]]] = []
        self._by_template: dict[str, dict[str, Route]] = {}

    def add(self, method: str, template: str, handler: Handler, *, auth: bool = True) -> None:
        route = Route(method=method, template=template, handler=handler, auth=auth)
        methods = self._by_template.get(template)
        if methods is None:
            methods = {}
            self._by_template[template] = methods
            parts = template.split("/")
            names = tuple(part[1:-1] for part in parts if part.startswith("{") and part.endswith("}"))
            if names:
                literals = tuple(None if part.startswith("{") and part.endswith("}") else part for part in parts)
                self._patterns.append((literals, names, methods))
            else:
                self._exact[tuple(parts)] = methods
        methods[method] = route
        if method == "GET":
            methods.setdefault("HEAD", route)

    def match(self, method: str, raw_path: str) -> RouteMatch:
        segments = split_path(raw_path)
        methods = self._exact.get(segments)
        params: dict[str, str] = {}
        if methods is None:
            for literals, names, candidate in self._patterns:
                if len(literals) != len(segments):
                    continue
                values = []
                for literal, segment in zip(literals, segments, strict=True):
                    if literal is None:
                        if not segment:
                            break
                        values.append(segment)
                    elif literal != segment:
                        break
                else:
                    methods, params = candidate, dict(zip(names, values, strict=True))
                    break
        if methods is None:
            return RouteMatch(route=None, params={})
        route = methods.get(method)
        if route is None:
            return RouteMatch(route=None, params=params, allowed=tuple(sorted(methods)))
        return RouteMatch(route=route, params=params)
