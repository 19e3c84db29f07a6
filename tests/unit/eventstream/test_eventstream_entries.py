"""Entry bodies: encoded with the contract codec, and a bad entry is skipped with a warning, never raised."""

import pytest
import structlog

from jiraex_shared.contracts import PROGRESS_STREAM_FIELD, JobWarning, decode_progress_event, encode
from jiraex_shared.eventstream.entries import decode_entry, encode_entry

EVENT = JobWarning(job_id="job-1", code="attachment_failed", message="403")


def test_the_body_is_the_contract_json_of_the_event() -> None:
    assert encode_entry(EVENT) == encode(EVENT)
    assert decode_progress_event(encode_entry(EVENT)) == EVENT


@pytest.mark.parametrize("fields", [{b"event": encode(EVENT)}, {"event": encode(EVENT).decode()}])
def test_bytes_and_text_replies_decode_alike(fields: dict[bytes | str, bytes | str]) -> None:
    assert decode_entry("job-1", "1-0", fields) == EVENT


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({b"other": b"{}"}, f"no '{PROGRESS_STREAM_FIELD}' field"),
        ({b"event": b"not json"}, "malformed progress event"),
        ({b"event": b'{"type": "job.exploded", "job_id": "job-1"}'}, "unknown progress event type 'job.exploded'"),
        ({b"event": b'{"type": "job.warning", "job_id": "job-1"}'}, "invalid job.warning message"),
    ],
)
def test_an_undecodable_entry_is_skipped_with_a_warning(fields: dict[bytes | str, bytes | str], reason: str) -> None:
    with structlog.testing.capture_logs() as logs:
        assert decode_entry("job-1", "7-3", fields) is None
    assert len(logs) == 1
    assert logs[0]["event"] == "progress_entry_skipped"
    assert logs[0]["log_level"] == "warning"
    assert (logs[0]["job_id"], logs[0]["entry_id"]) == ("job-1", "7-3")
    assert reason in logs[0]["reason"]
