"""The envelope every contract message carries, and the constrained scalar types they share."""

import uuid
from datetime import UTC, datetime
from typing import Annotated

import msgspec

# Identifiers travel as strings so the wire contract does not depend on the database's key type.
Identifier = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
# A naive timestamp is ambiguous across hosts; decoding rejects one without an offset.
UtcDateTime = Annotated[datetime, msgspec.Meta(tz=True)]
Count = Annotated[int, msgspec.Meta(ge=0)]


def new_message_id() -> str:
    """Return a fresh random message id (uuid4, 32 hex digits)."""
    return uuid.uuid4().hex


def utc_now() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Message(msgspec.Struct, frozen=True, kw_only=True, tag_field="type"):
    """Base of every broker body and progress-stream entry.

    Subclasses set ``tag="<dotted.name>"``; the tag is written to the ``type`` field and selects
    the class when a union is decoded. Unknown fields are ignored on decode so an older consumer
    keeps working when a newer producer adds fields: contracts change additively only.
    """

    message_id: Annotated[str, msgspec.Meta(min_length=1, max_length=128)] = msgspec.field(
        default_factory=new_message_id
    )
    occurred_at: UtcDateTime = msgspec.field(default_factory=utc_now)
    schema_version: Annotated[int, msgspec.Meta(ge=1)] = 1
