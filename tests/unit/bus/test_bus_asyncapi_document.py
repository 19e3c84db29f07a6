"""docs/asyncapi.yaml is what the code generates, and its payload schemas accept exactly our messages."""

import difflib
from pathlib import Path
from typing import Any

import jsonschema
import msgspec
import pytest
import yaml

from jiraex_extractor_worker.asyncapi import REGENERATE, build_asyncapi_document, render_asyncapi_yaml
from jiraex_shared.contracts import (
    AssembleExport,
    ExportRequested,
    ExtractChunk,
    JobFailed,
    Message,
    SendEmail,
    encode,
)

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "asyncapi.yaml"


def test_the_committed_document_matches_the_code() -> None:
    generated = render_asyncapi_yaml()
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    if generated != committed:
        diff = "".join(
            list(difflib.unified_diff(committed.splitlines(True), generated.splitlines(True), "committed", "code"))[:40]
        )
        pytest.fail(f"docs/asyncapi.yaml is out of date; regenerate it with `{REGENERATE}`\n{diff}")


def test_generation_is_deterministic() -> None:
    assert render_asyncapi_yaml() == render_asyncapi_yaml()


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return build_asyncapi_document()


def payload_validator(document: dict[str, Any], channel: str) -> jsonschema.Draft202012Validator:
    [reference] = document["channels"][channel]["messages"].values()
    message = document["components"]["messages"][reference["$ref"].rsplit("/", 1)[1]]
    root = {"components": document["components"], **message["payload"]}
    return jsonschema.Draft202012Validator(root)


def as_json(message: Message) -> Any:
    return msgspec.json.decode(encode(message))


def test_consumed_and_published_channels_are_documented(document: dict[str, Any]) -> None:
    channels = document["channels"]
    for queue, address in [
        ("jiraex.export-requests", "export.requested"),
        ("jiraex.export-chunks", "export.chunk"),
        ("jiraex.export-assembly", "export.assemble"),
    ]:
        assert channels[queue]["address"] == address
        assert channels[queue]["bindings"]["amqp"]["queue"]["name"] == queue
        assert document["operations"][queue]["action"] == "receive"
    publish = channels["jiraex.commands:export.requested"]
    assert publish["bindings"]["amqp"]["exchange"]["name"] == "jiraex.commands"
    assert document["operations"]["jiraex.commands:export.requested"]["bindings"]["amqp"]["deliveryMode"] == 2
    assert "jiraex.events:job.failed" in channels


@pytest.mark.parametrize(
    ("channel", "message"),
    [
        (
            "jiraex.export-requests",
            ExportRequested(connection_id="c-1", jql="project = A", formats=["json", "csv"], idempotency_key="k"),
        ),
        ("jiraex.commands:export.requested", ExportRequested(connection_id="c-1", jql="x", formats=["xml"])),
        ("jiraex.export-chunks", ExtractChunk(job_id="j-1", chunk_index=0)),
        ("jiraex.export-assembly", AssembleExport(job_id="j-1")),
        (
            "jiraex.commands:notify.email",
            SendEmail(template="password_reset", to="a@example.com", params={"reset_url": "u", "expires_at": "t"}),
        ),
        (
            "jiraex.events:job.failed",
            JobFailed(job_id="j-1", export_name="n", error_message="bad", error_kind="internal"),
        ),
    ],
)
def test_payload_schemas_accept_our_encoded_messages(document: dict[str, Any], channel: str, message: Message) -> None:
    payload_validator(document, channel).validate(as_json(message))


@pytest.mark.parametrize(
    "body",
    [
        {"type": "export.chunk", "job_id": "j-1", "chunk_index": -1},
        {"type": "export.chunk", "job_id": "j-1", "chunk_index": "three"},
        {"type": "export.chunk", "chunk_index": 1},
        {"type": "export.assemble", "job_id": "j-1"},
    ],
)
def test_payload_schemas_reject_what_the_consumer_dead_letters(document: dict[str, Any], body: Any) -> None:
    assert not payload_validator(document, "jiraex.export-chunks").is_valid(body)


def test_the_document_is_plain_yaml() -> None:
    assert yaml.safe_load(render_asyncapi_yaml())["asyncapi"] == "3.0.0"
