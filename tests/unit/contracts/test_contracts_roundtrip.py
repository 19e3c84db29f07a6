"""Every contract message survives encode → decode unchanged and decodes to its own class."""

from datetime import UTC, datetime, timedelta, timezone
from typing import get_args

import msgspec
import pytest
from fast_depends.msgspec import MsgSpecSerializer
from hypothesis import given
from hypothesis import strategies as st

from jiraex_shared.contracts import (
    EXPORT_FORMATS,
    AssembleExport,
    Command,
    ExportCounts,
    ExportInclude,
    ExportRequested,
    ExtractChunk,
    JobCancelled,
    JobError,
    JobEvent,
    JobFailed,
    JobFileStored,
    JobProgressed,
    JobSnapshot,
    JobStateChanged,
    JobSucceeded,
    JobSucceededWithWarnings,
    JobWarning,
    Message,
    ProgressEvent,
    SendEmail,
    decode_command,
    decode_job_event,
    decode_progress_event,
    encode,
)

STARTED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
FINISHED = datetime(2026, 3, 1, 9, 41, 12, 345678, tzinfo=UTC)
COUNTS = ExportCounts(
    issues_expected=1200,
    issues_exported=1199,
    comments=4321,
    histories=9876,
    worklogs=55,
    attachments=310,
    attachment_bytes=73_400_320,
)
FINISHED_FIELDS = {
    "job_id": "job-7",
    "export_name": "Sprint 42",
    "owner_id": "user-3",
    "schedule_id": "sched-1",
    "counts": COUNTS,
    "started_at": STARTED,
    "finished_at": FINISHED,
    "warnings": 1,
}

# Every optional field set to a non-default value, so a field lost on the wire fails equality.
COMMANDS: list[Message] = [
    ExportRequested(
        job_id="job-7",
        connection_id="conn-1",
        jql='project = "ABC" AND updated >= -7d ORDER BY key ASC',
        formats=("json", "csv", "html"),
        include=ExportInclude(comments=False, changelog=True, worklogs=False, attachments=True),
        fields=("summary", "status", "customfield_10010"),
        archive=True,
        name="Sprint 42 — backlog",
        folder_id="folder-9",
        requested_by="user-3",
        idempotency_key="crm-export-2026-03-01",
        schedule_id="sched-1",
    ),
    ExportRequested(connection_id="conn-1", jql="project = ABC", formats=("ndjson",)),
    ExtractChunk(job_id="job-7", chunk_index=12),
    AssembleExport(job_id="job-7"),
    SendEmail(
        template="invitation",
        to="ada@example.com",
        params={"accept_url": "https://x/accept?t=abc", "invited_by": "Grace", "expires_at": "2026-03-08"},
    ),
    SendEmail(
        template="password_reset",
        to="ada@example.com",
        params={"reset_url": "https://x/reset?t=abc", "expires_at": "2026-03-01T10:00:00Z"},
    ),
    SendEmail(
        template="schedule_paused",
        to="ada@example.com",
        params={
            "schedule_name": "Nightly",
            "schedule_url": "https://x/schedules/1",
            "consecutive_failures": "5",
            "last_error": "401 Unauthorized",
        },
    ),
]
JOB_EVENTS: list[Message] = [
    JobSucceeded(**FINISHED_FIELDS),
    JobSucceededWithWarnings(**FINISHED_FIELDS, warning_messages=("ABC-7: attachment 10001 returned 404",)),
    JobFailed(
        **FINISHED_FIELDS,
        error_message="Error in the JQL Query: 'projct' is unknown",
        error_kind="jira_bad_request",
    ),
    JobCancelled(**FINISHED_FIELDS, cancelled_by="user-3"),
    JobCancelled(job_id="job-8", export_name="never started"),
]
PROGRESS_ONLY: list[Message] = [
    JobStateChanged(job_id="job-7", state="running", previous_state="planning"),
    JobProgressed(
        job_id="job-7",
        phase="extracting",
        counts=COUNTS,
        chunks_total=3,
        chunks_done=2,
        requests=140,
        retries=4,
        rate_limit_waits=2,
        rate_limit_wait_seconds=7.5,
    ),
    JobWarning(job_id="job-7", code="attachment_missing", message="Jira returned 404", issue_key="ABC-7"),
    JobFileStored(
        job_id="job-7",
        path="Sprint 42/issues.json",
        size=1_048_576,
        sha256="e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        content_type="application/json",
    ),
    JobError(job_id="job-7", message="read timeout", kind="jira_unavailable", retryable=True, chunk_index=2),
    JobSnapshot(
        job_id="job-7",
        state="failed",
        export_name="Sprint 42",
        counts=COUNTS,
        warnings=1,
        error_message="boom",
        started_at=STARTED,
        finished_at=FINISHED,
    ),
]
DECODERS = [
    (COMMANDS, decode_command),
    (JOB_EVENTS, decode_job_event),
    (JOB_EVENTS + PROGRESS_ONLY, decode_progress_event),
]
CASES = [
    pytest.param(message, decoder, id=f"{decoder.__name__}-{type(message).__name__}-{index}")
    for messages, decoder in DECODERS
    for index, message in enumerate(messages)
]


@pytest.mark.parametrize(("message", "decoder"), CASES)
def test_message_round_trips_to_an_equal_message_of_the_same_class(message, decoder):
    decoded = decoder(encode(message))

    assert type(decoded) is type(message)
    assert decoded == message
    assert encode(decoded) == encode(message)


def test_samples_cover_every_union_member():
    sampled = {type(message) for messages, _ in DECODERS for message in messages}

    for union in (Command, JobEvent, ProgressEvent):
        assert set(get_args(union)) <= sampled


@pytest.mark.parametrize("message", COMMANDS + JOB_EVENTS + PROGRESS_ONLY, ids=lambda m: type(m).__name__)
def test_wire_form_carries_the_dotted_tag_and_the_envelope(message):
    document = msgspec.json.decode(encode(message))

    assert document["type"] == type(message).__struct_config__.tag
    assert "." in document["type"]
    assert len(document["message_id"]) == 32
    assert document["occurred_at"].endswith("Z")
    assert document["schema_version"] == 1


@pytest.mark.parametrize("message", COMMANDS + JOB_EVENTS, ids=lambda m: type(m).__name__)
def test_faststream_msgspec_serializer_writes_the_same_bytes(message):
    assert MsgSpecSerializer.encode(message) == encode(message)


def test_envelope_defaults_are_fresh_and_utc():
    first, second = AssembleExport(job_id="j"), AssembleExport(job_id="j")

    assert first.message_id != second.message_id
    assert first.occurred_at.tzinfo is UTC
    assert abs(datetime.now(UTC) - first.occurred_at) < timedelta(seconds=5)


def test_messages_are_frozen_and_keyword_only():
    message = ExtractChunk(job_id="j", chunk_index=0)

    with pytest.raises(AttributeError):
        message.chunk_index = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        ExtractChunk("j", 0)  # type: ignore[misc]


def test_lists_from_python_callers_become_tuples_so_equality_with_decoded_holds():
    message = ExportRequested(connection_id="c", jql="q", formats=["json", "xml"], fields=["summary"])  # type: ignore[arg-type]

    assert message.formats == ("json", "xml")
    assert message.fields == ("summary",)
    assert decode_command(encode(message)) == message


TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=60)
IDS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=128)
AWARE_DATETIMES = st.datetimes(
    min_value=datetime(1970, 1, 1),
    max_value=datetime(9000, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]),
)
EXPORT_REQUESTS = st.builds(
    ExportRequested,
    message_id=IDS,
    occurred_at=AWARE_DATETIMES,
    connection_id=IDS,
    jql=TEXT,
    formats=st.lists(st.sampled_from(EXPORT_FORMATS), min_size=1, unique=True).map(tuple),
    job_id=st.none() | IDS,
    include=st.builds(
        ExportInclude,
        comments=st.booleans(),
        changelog=st.booleans(),
        worklogs=st.booleans(),
        attachments=st.booleans(),
    ),
    fields=st.none() | st.lists(TEXT, max_size=5).map(tuple),
    archive=st.booleans(),
    name=st.none() | TEXT,
    folder_id=st.none() | IDS,
    requested_by=st.none() | IDS,
    idempotency_key=st.none() | TEXT,
    schedule_id=st.none() | IDS,
)
COUNTS_STRATEGY = st.builds(
    ExportCounts,
    **{name: st.integers(min_value=0, max_value=2**53) for name in ExportCounts.__struct_fields__},
)
JOB_PROGRESSED = st.builds(
    JobProgressed,
    occurred_at=AWARE_DATETIMES,
    job_id=IDS,
    phase=st.sampled_from(["planning", "extracting", "assembling"]),
    counts=COUNTS_STRATEGY,
    chunks_total=st.none() | st.integers(min_value=0, max_value=10**6),
    rate_limit_wait_seconds=st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
)
JOB_FAILED = st.builds(
    JobFailed,
    job_id=IDS,
    export_name=TEXT,
    counts=COUNTS_STRATEGY,
    started_at=st.none() | AWARE_DATETIMES,
    finished_at=AWARE_DATETIMES,
    error_message=TEXT,
    error_kind=TEXT,
)


@given(message=EXPORT_REQUESTS)
def test_any_valid_export_request_round_trips(message):
    decoded = decode_command(encode(message))

    assert decoded == message
    assert encode(decoded) == encode(message)


@given(message=st.one_of(JOB_PROGRESSED, JOB_FAILED))
def test_any_valid_progress_entry_round_trips(message):
    assert decode_progress_event(encode(message)) == message
