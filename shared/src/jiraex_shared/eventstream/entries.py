"""Stream entry bodies: one field holding the event's msgspec JSON, decoded defensively on the way back."""

from collections.abc import Mapping

from jiraex_shared.contracts.codec import decode_progress_event, encode
from jiraex_shared.contracts.errors import ContractError
from jiraex_shared.contracts.progress import PROGRESS_STREAM_FIELD, ProgressEvent
from jiraex_shared.log import get_logger

_FIELD_BYTES = PROGRESS_STREAM_FIELD.encode()


def encode_entry(event: ProgressEvent) -> bytes:
    """Return the entry body; raise ``ContractError`` if readers could not decode it back.

    Constructing a Struct does not check its constraints (only decoding does), so an over-long
    message would otherwise be written happily and then skipped by every reader.
    """
    body = encode(event)
    decode_progress_event(body)
    return body


def decode_entry(job_id: str, entry_id: str, fields: Mapping[bytes | str, bytes | str]) -> ProgressEvent | None:
    """Return the entry's event, or None (with a warning) when it has no body or one no reader understands.

    One bad entry, e.g. written by a newer producer or by hand, must not stop a reader of the whole stream.
    """
    body = fields.get(_FIELD_BYTES, fields.get(PROGRESS_STREAM_FIELD))
    if body is None:
        _skipped(job_id, entry_id, f"no {PROGRESS_STREAM_FIELD!r} field")
        return None
    try:
        return decode_progress_event(body.encode() if isinstance(body, str) else body)
    except ContractError as error:
        _skipped(job_id, entry_id, str(error))
        return None


def _skipped(job_id: str, entry_id: str, reason: str) -> None:
    get_logger(__name__).warning("progress_entry_skipped", job_id=job_id, entry_id=entry_id, reason=reason)
