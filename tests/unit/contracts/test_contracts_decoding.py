"""Decoding tolerates what newer producers add and rejects bad bodies with a readable ContractError."""

import msgspec
import pytest

from jiraex_shared.contracts import (
    ContractError,
    ExportInclude,
    ExportRequested,
    JobFailed,
    JobFileStored,
    SendEmail,
    decode_command,
    decode_job_event,
    decode_progress_event,
    encode,
)


def _body(**document: object) -> bytes:
    return msgspec.json.encode(document)


def _export_requested(**overrides: object) -> bytes:
    document = {
        "type": "export.requested",
        "connection_id": "conn-1",
        "jql": "project = ABC",
        "formats": ["json"],
    }
    return _body(**(document | overrides))


def test_minimal_external_export_request_gets_defaults_and_no_job_id():
    message = decode_command(_export_requested())

    assert isinstance(message, ExportRequested)
    assert message.job_id is None
    assert message.include == ExportInclude(comments=True, changelog=True, worklogs=True, attachments=True)
    assert message.fields is None
    assert message.archive is False
    assert message.schema_version == 1
    assert message.occurred_at.tzinfo is not None


def test_unknown_fields_from_a_newer_producer_are_ignored_at_every_level():
    original = ExportRequested(connection_id="conn-1", jql="project = ABC", formats=("csv",), archive=True)
    document = msgspec.json.decode(encode(original))
    document["priority"] = "high"
    document["schema_version"] = 2
    document["include"]["issue_links"] = True
    document["routing_hints"] = {"region": ["eu"]}

    decoded = decode_command(msgspec.json.encode(document))

    assert isinstance(decoded, ExportRequested)
    assert decoded == msgspec.structs.replace(original, schema_version=2)


def test_unknown_field_inside_nested_counts_of_an_event_is_ignored():
    original = JobFailed(job_id="j", export_name="n", error_message="boom", error_kind="jira_auth")
    document = msgspec.json.decode(encode(original))
    document["counts"]["sprints"] = 4

    assert decode_job_event(msgspec.json.encode(document)) == original


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            b'{"type": "export.requested",', "malformed command: Input data was truncated", id="truncated"
        ),
        pytest.param(b'{"type": export.requested}', "malformed command: JSON is malformed", id="not-json"),
        pytest.param(b"", "malformed command: Input data was truncated", id="empty"),
        pytest.param(
            _export_requested(jql=42),
            "invalid export.requested message: Expected `str`, got `int` - at `$.jql`",
            id="wrong-type",
        ),
        pytest.param(
            _body(type="export.chunk", chunk_index=1),
            "invalid export.chunk message: Object missing required field `job_id`",
            id="missing-field",
        ),
        pytest.param(
            _body(type="export.deleted", job_id="j"),
            "unknown command type 'export.deleted'; expected one of "
            "export.requested, export.chunk, export.assemble, notify.email",
            id="unknown-tag",
        ),
        pytest.param(
            _body(type="job.failed", job_id="j"),
            "unknown command type 'job.failed'; expected one of",
            id="event-on-command-queue",
        ),
        pytest.param(_body(job_id="j"), "invalid command: Object missing required field `type`", id="no-tag"),
        pytest.param(
            b'"export.requested"', "invalid command: Expected `object`, got `str`", id="not-an-object"
        ),
        pytest.param(
            _export_requested(formats=["json", "pdf"]),
            "invalid export.requested message: Invalid enum value 'pdf' - at `$.formats[1]`",
            id="unknown-format",
        ),
        pytest.param(
            _export_requested(formats=[]),
            "invalid export.requested message: Expected `array` of length >= 1 - at `$.formats`",
            id="no-format",
        ),
        pytest.param(
            _export_requested(formats=["csv", "csv"]),
            "invalid export.requested message: formats must not repeat a format",
            id="repeated-format",
        ),
        pytest.param(
            _export_requested(jql=""),
            "invalid export.requested message: Expected `str` of length >= 1 - at `$.jql`",
            id="empty-jql",
        ),
        pytest.param(
            _export_requested(include={"comments": "yes"}),
            "invalid export.requested message: Expected `bool`, got `str` - at `$.include.comments`",
            id="nested-wrong-type",
        ),
        pytest.param(
            _export_requested(occurred_at="2026-03-01T09:30:00"),
            "invalid export.requested message: "
            "Expected `datetime` with a timezone component - at `$.occurred_at`",
            id="naive-timestamp",
        ),
        pytest.param(
            _body(type="export.chunk", job_id="j", chunk_index=-1),
            "invalid export.chunk message: Expected `int` >= 0 - at `$.chunk_index`",
            id="negative-chunk",
        ),
        pytest.param(
            _body(type="notify.email", template="welcome", to="a@b.c", params={}),
            "invalid notify.email message: Invalid enum value 'welcome' - at `$.template`",
            id="unknown-template",
        ),
        pytest.param(
            _body(type="notify.email", template="password_reset", to="a@b.c", params={"reset_url": "u"}),
            "invalid notify.email message: template 'password_reset' needs params ['expires_at']",
            id="missing-template-param",
        ),
        pytest.param(
            _body(type="notify.email", template="password_reset", to="not-an-address", params={}),
            "invalid notify.email message: Expected `str` matching regex",
            id="bad-address",
        ),
    ],
)
def test_bad_command_bodies_raise_a_readable_contract_error(body, expected):
    with pytest.raises(ContractError) as caught:
        decode_command(body)

    assert str(caught.value).startswith(expected)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value.__cause__, msgspec.DecodeError)


def test_contract_error_names_the_claimed_type_for_dead_letter_headers():
    with pytest.raises(ContractError) as invalid:
        decode_command(_export_requested(jql=42))
    with pytest.raises(ContractError) as unknown:
        decode_command(_body(type="export.deleted"))
    with pytest.raises(ContractError) as malformed:
        decode_command(b"{")

    assert invalid.value.message_type == "export.requested"
    assert unknown.value.message_type == "export.deleted"
    assert malformed.value.message_type is None


def test_job_event_decoder_rejects_commands_and_bad_events():
    with pytest.raises(ContractError, match=r"^unknown job event type 'export.requested'"):
        decode_job_event(_export_requested())
    with pytest.raises(ContractError, match=r"^invalid job.failed message: .*`error_kind`"):
        decode_job_event(_body(type="job.failed", job_id="j", export_name="n", error_message="x"))


def test_progress_decoder_checks_file_digests():
    stored = JobFileStored(
        job_id="j", path="a/issues.json", size=1, sha256="0" * 64, content_type="application/json"
    )
    document = msgspec.json.decode(encode(stored)) | {"sha256": "not-a-digest"}

    with pytest.raises(ContractError, match=r"^invalid job.file_stored message: .* - at `\$.sha256`"):
        decode_progress_event(msgspec.json.encode(document))


def test_python_callers_get_the_same_checks_at_construction():
    with pytest.raises(ValueError, match="needs params"):
        SendEmail(template="invitation", to="a@b.c", params={"accept_url": "u"})
    with pytest.raises(ValueError, match="unknown formats"):
        ExportRequested(connection_id="c", jql="q", formats=("json", "pdf"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must not repeat"):
        ExportRequested(connection_id="c", jql="q", formats=("json", "json"))


def test_extra_email_params_are_allowed_for_newer_templates():
    message = SendEmail(
        template="password_reset",
        to="a@b.c",
        params={"reset_url": "u", "expires_at": "t", "locale": "fr"},
    )

    assert decode_command(encode(message)) == message
