"""S5 authorization matrix machinery shared by the `test_s5_*_matrix.py` files.

A matrix row is one route (method and URL template) with the status each caller must get: anonymous, the owner of
the objects the row addresses (member A), another member (member B) and an admin. Every row is run for every
caller on objects made afresh for that caller, so a DELETE or a state change cannot hide a later caller's answer.
Each file exports its rows as ``ROUTES``; `test_s5_route_coverage.py` reads them to prove every route has a row.
"""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from api_harness import ApiHarness
from jobs_api_helpers import Caller, sign_in

ANONYMOUS, OTHER, OWNER, ADMIN = "anonymous", "other member", "owner", "admin"
# Admin last: a row an admin may carry out (delete a user, disable one…) must not run before the refusals.
CALLERS = (ANONYMOUS, OTHER, OWNER, ADMIN)
# The design's answers on a member's object (ARCHITECTURE §8): anonymous callers must sign in, another member
# finds nothing (a foreign object looks missing); the owner and admins get the route's ``allowed`` status.
OWNED = {ANONYMOUS: 401, OTHER: 404}


@dataclass(frozen=True)
class Route:
    method: str
    url: str  # a template filled with the row's objects, e.g. "/api/jobs/{job}"
    body: Any = None  # JSON; its strings are templates too
    allowed: int = 200
    # Answers that differ from the file's defaults (`OWNED` unless it says otherwise), by caller.
    answers: Mapping[str, int] = field(default_factory=dict)
    given: str = ""  # what the file's object factory must prepare for this row (a job state, a token…)

    def expected(self, caller: str, defaults: Mapping[str, int] = OWNED) -> int:
        return self.answers.get(caller, defaults.get(caller, self.allowed))

    @property
    def name(self) -> str:
        return f"{self.method} {self.url}" + (f" [{self.given}]" if self.given else "")


def public(method: str, url: str, allowed: int, **kwargs: Any) -> Route:
    """A route that answers everybody alike, signed in or not (login, password reset, probes)."""
    return Route(method, url, allowed=allowed, answers=dict.fromkeys(CALLERS, allowed), **kwargs)


def signed_in(method: str, url: str, allowed: int = 200, **kwargs: Any) -> Route:
    """A route about the caller's own things (lists, /me): every signed-in caller is allowed, on their own."""
    return Route(method, url, allowed=allowed, answers={ANONYMOUS: 401, OTHER: allowed}, **kwargs)


def admins_only(method: str, url: str, allowed: int = 200, **kwargs: Any) -> Route:
    """An admin route: members are refused with 403 whatever object the URL names, so they learn nothing of it."""
    return Route(method, url, allowed=allowed, answers={ANONYMOUS: 401, OTHER: 403, OWNER: 403}, **kwargs)


def parametrize_rows(routes: Sequence[Route]) -> pytest.MarkDecorator:
    """`pytest.mark.parametrize("route", routes)` with readable ids, numbered where two rows share a name."""
    names = [route.name for route in routes]
    ids = [name if names.count(name) == 1 else f"{name} {index}" for index, name in enumerate(names)]
    return pytest.mark.parametrize("route", routes, ids=ids)


@dataclass(frozen=True)
class Callers:
    owner: Caller  # member A, who owns the row's objects
    other: Caller  # member B
    admin: Caller  # an admin besides the bootstrap one, so one admin may be disabled or deleted

    def headers(self, name: str) -> dict[str, str]:
        by_name = {OTHER: self.other, OWNER: self.owner, ADMIN: self.admin}
        return by_name[name].headers if name in by_name else {}

    @property
    def ids(self) -> dict[str, str]:
        """Template values naming the callers' own user records: "{owner_id}", "{other_id}", "{admin_id}"."""
        return {"owner_id": self.owner.user_id, "other_id": self.other.user_id, "admin_id": self.admin.user_id}


async def sign_in_callers(api: ApiHarness) -> Callers:
    owner, other = await sign_in(api, "owner@example.com"), await sign_in(api, "other@example.com")
    admin = await sign_in(api, "second-admin@example.com", role="admin")
    return Callers(owner, other, admin)


def fill(value: Any, values: Mapping[str, str]) -> Any:
    """``value`` (a template string, or JSON holding some) with the row's objects put in."""
    if isinstance(value, str):
        return value.format_map(values)
    if isinstance(value, dict):
        return {key: fill(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, values) for item in value]
    return value


# Makes the objects one caller's request addresses: template names → values (ids, tokens…).
ObjectFactory = Callable[[ApiHarness, Callers, Route], Awaitable[Mapping[str, str]]]


async def no_objects(_api: ApiHarness, _callers: Callers, _route: Route) -> Mapping[str, str]:
    return {}


async def check_row(
    api: ApiHarness, route: Route, make_objects: ObjectFactory = no_objects, defaults: Mapping[str, int] = OWNED
) -> None:
    """Issue ``route`` as every caller (bearer only) on fresh objects and check each answer."""
    callers = await sign_in_callers(api)
    for name in CALLERS:
        api.client.cookies.clear()
        values = {**callers.ids, **await make_objects(api, callers, route)}
        api.client.cookies.clear()  # bearer only: logins and the factory may have left a session cookie behind
        response = await api.client.request(route.method, fill(route.url, values), headers=callers.headers(name),
                                            json=fill(route.body, values))
        expected = route.expected(name, defaults)
        assert response.status_code == expected, (name, route.name, response.status_code, response.text[:300])
        if expected >= 400:
            assert response.headers["content-type"] == "application/problem+json", (name, route.name)
