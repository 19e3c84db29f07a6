"""Logging: JSON lines off a TTY, context variables bound per message, stdlib loggers in the same format."""

import io
import json
import logging

from jiraex_shared.log import configure_logging, get_logger, log_context


def test_json_lines_with_bound_context() -> None:
    stream = io.StringIO()
    configure_logging(service="worker", stream=stream)
    with log_context(job_id="job-1", message_id="msg-1"):
        get_logger("test").info("chunk_done", issues=500)
    logging.getLogger("library").warning("plain %s", "stdlib")
    get_logger("test").info("outside")
    first, second, third = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["event"] == "chunk_done"
    assert (first["issues"], first["job_id"], first["message_id"]) == (500, "job-1", "msg-1")
    assert first["service"] == "worker"
    assert (second["event"], second["level"], second["service"]) == ("plain stdlib", "warning", "worker")
    assert "job_id" not in third


def test_level_filters_records() -> None:
    stream = io.StringIO()
    configure_logging(service="api", level="WARNING", fmt="json", stream=stream)
    get_logger().info("hidden")
    get_logger().warning("shown")
    assert [json.loads(line)["event"] for line in stream.getvalue().splitlines()] == ["shown"]
