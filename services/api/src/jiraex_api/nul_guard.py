"""Refuse U+0000 anywhere in a request's path, query or JSON body before any handler sees it.

PostgreSQL cannot store or even compare U+0000 in text and JSONB ("invalid byte sequence for encoding UTF8"), so a
NUL reaching a query turned a bad request into a 500 — or, where the error was swallowed, into a silent no-op. One
check at the door covers every route, today's and tomorrow's, on both databases alike.
"""

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException

MESSAGE = "text must not contain the NUL character (U+0000)"
# In JSON text a NUL can only be written as the escape \u0000 (a raw control byte is invalid JSON). The escape is
# real when an odd run of backslashes precedes "u0000"; "\\u0000" is the six characters \u0000, which is fine.
_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


async def refuse_nul(request: Request[Any, Any, Any]) -> None:
    """Litestar ``before_request`` hook: a 400 problem naming where the NUL is (the field, for a body).

    400, as for any body Litestar cannot decode into the route's type (every route documents it): the text is
    malformed rather than a well-formed value the service refuses (422)."""
    if "\x00" in request.scope["path"]:
        raise _refused("path", "$")
    if b"%00" in request.scope.get("query_string", b""):
        raise _refused("query", "$")
    if request.method not in {"POST", "PUT", "PATCH"}:
        return
    # Every body this API accepts is JSON, and it decodes one whatever Content-Type a client claims. The cheap
    # byte scan runs on every body; decoding to name the field happens only for the rare body that has a NUL.
    body = await request.body()
    if _ESCAPED_NUL.search(body):
        try:
            where = nul_path(msgspec.json.decode(body), "$")
        except msgspec.DecodeError:
            return  # not JSON at all: the handler's decoding refuses it with its own message
        raise _refused("body", where or "$")


def nul_path(value: Any, path: str) -> str | None:
    """The JSON path of the first string (value or key) holding U+0000 inside ``value``, if any."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                return path
            found = nul_path(item, f"{path}.{key}")
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = nul_path(item, f"{path}[{index}]")
            if found:
                return found
    return None


def _refused(source: str, key: str) -> ValidationException:
    return ValidationException(detail=MESSAGE, extra=[{"message": MESSAGE, "key": key, "source": source}])
