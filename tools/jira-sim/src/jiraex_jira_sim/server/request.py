"""One parsed HTTP request as the route handlers see it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote


@dataclass(slots=True)
class Request:
    """An HTTP request; header names are lower-case, query values keep their repetitions."""

    method: str
    target: str
    # ``raw_path`` as sent (routing splits it before decoding); ``path`` fully decoded (patterns, logs).
    raw_path: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    received_at: float
    keep_alive: bool = True
    # Which TCP connection carried it (distinct per connection within a process).
    connection: int = 0
    # Filled in by the application while dispatching, read by the statistics.
    endpoint: str = "unmatched"
    credential: str | None = None
    user: str | None = None

    @classmethod
    def from_target(
        cls,
        method: str,
        target: str,
        headers: dict[str, str],
        body: bytes,
        received_at: float,
        keep_alive: bool = True,
        connection: int = 0,
    ) -> Request:
        raw_path, _, raw_query = target.partition("?")
        return cls(
            method=method,
            target=target,
            raw_path=raw_path or "/",
            path=unquote(raw_path) or "/",
            query=parse_qs(raw_query, keep_blank_values=True),
            headers=headers,
            body=body,
            received_at=received_at,
            keep_alive=keep_alive,
            connection=connection,
        )

    def arg(self, name: str) -> str | None:
        """The first value of a query parameter, or None when absent."""
        values = self.query.get(name)
        return values[0] if values else None

    def args(self, name: str) -> list[str]:
        """Every value of a repeatable query parameter, in the order sent."""
        return self.query.get(name, [])
