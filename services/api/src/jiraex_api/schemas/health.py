"""Liveness and readiness answers."""

from typing import Literal

import msgspec


class Liveness(msgspec.Struct, frozen=True, kw_only=True):
    status: Literal["ok"] = "ok"


class Readiness(msgspec.Struct, frozen=True, kw_only=True):
    """``checks`` maps database, broker, redis and storage to "ok", "down: …", or "in-process"/"memory" (embedded)."""

    status: Literal["ready", "not_ready"]
    checks: dict[str, str]
