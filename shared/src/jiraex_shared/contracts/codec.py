"""Encode contract messages to JSON bytes and decode them back, with readable errors."""

from typing import Any, get_args

import msgspec

from jiraex_shared.contracts.base import Message
from jiraex_shared.contracts.commands import AssembleExport, ExportRequested, ExtractChunk
from jiraex_shared.contracts.errors import ContractError
from jiraex_shared.contracts.events import JobEvent
from jiraex_shared.contracts.notifications import SendEmail
from jiraex_shared.contracts.progress import ProgressEvent

Command = ExportRequested | ExtractChunk | AssembleExport | SendEmail

# Encoders and decoders are plain, thread-safe objects (no I/O); reusing them is msgspec's fast path.
_encoder = msgspec.json.Encoder()
_command_decoder = msgspec.json.Decoder(Command)
_job_event_decoder = msgspec.json.Decoder(JobEvent)
_progress_decoder = msgspec.json.Decoder(ProgressEvent)


def encode(message: Message) -> bytes:
    """Return ``message`` as compact JSON, its tag in the ``type`` field."""
    return _encoder.encode(message)


def decode_command(body: bytes) -> Command:
    """Decode a command body; raise ``ContractError`` when it is not a valid command."""
    return _decode(_command_decoder, body, "command", Command)


def decode_job_event(body: bytes) -> JobEvent:
    """Decode a ``job.*`` broker event; raise ``ContractError`` when it is not a valid one."""
    return _decode(_job_event_decoder, body, "job event", JobEvent)


def decode_progress_event(body: bytes) -> ProgressEvent:
    """Decode a progress-stream entry or SSE payload; raise ``ContractError`` when it is invalid."""
    return _decode(_progress_decoder, body, "progress event", ProgressEvent)


def tags_of(union: Any) -> tuple[str, ...]:
    """Return the ``type`` tags a union of message classes accepts, in declaration order."""
    return tuple(member.__struct_config__.tag for member in get_args(union))


def _decode(decoder: msgspec.json.Decoder[Any], body: bytes, kind: str, union: Any) -> Any:
    try:
        return decoder.decode(body)
    except msgspec.ValidationError as exc:
        raise _explain(body, kind, union, exc) from exc
    except msgspec.DecodeError as exc:
        raise ContractError(f"malformed {kind}: {exc}") from exc


def _explain(body: bytes, kind: str, union: Any, exc: msgspec.ValidationError) -> ContractError:
    # The body is valid JSON (it got as far as validation), so a second, untyped parse is safe and
    # tells us which message it claimed to be.
    document = msgspec.json.decode(body)
    tag = document.get("type") if isinstance(document, dict) else None
    if not isinstance(tag, str):
        return ContractError(f"invalid {kind}: {exc}")
    known = tags_of(union)
    if tag not in known:
        return ContractError(
            f"unknown {kind} type {tag!r}; expected one of {', '.join(known)}", message_type=tag
        )
    return ContractError(f"invalid {tag} message: {exc}", message_type=tag)
