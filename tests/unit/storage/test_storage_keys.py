"""Key validation and the layout helpers: nothing built from a name can leave its place in the store."""

import uuid

import pytest

from jiraex_shared.storage import (
    InvalidKey,
    attachment_key,
    job_archive_key,
    job_key,
    job_prefix,
    safe_segment,
    validate_key,
    validate_prefix,
)
from jiraex_shared.storage.content_types import content_type_for


@pytest.mark.parametrize(
    "key",
    ["issues.json", "jobs/1/export/csv/issues.csv", "attachments/c/10001", "a b/ü ñ/日本.txt", "x/.hidden", "..a/b.."],
)
def test_ordinary_keys_are_accepted_unchanged(key: str) -> None:
    assert validate_key(key) == key


@pytest.mark.parametrize(
    "key",
    [
        "",
        "/etc/passwd",
        "../outside",
        "jobs/../../outside",
        "jobs/..",
        "jobs/./x",
        "jobs//x",
        "jobs/x/",
        "jobs\\..\\x",
        "a\x00b",
        "a\nb",
        "a\x7fb",
        "a\ud800b",
        ".jiraex/meta/x.json",
        "jobs/.jiraex-1234.part",
        "a" * 256,
        "/".join(["abcdefgh"] * 120),
    ],
)
def test_unsafe_or_malformed_keys_are_rejected(key: str) -> None:
    with pytest.raises(InvalidKey):
        validate_key(key)


def test_prefixes_may_be_empty_or_end_with_a_slash_but_not_escape() -> None:
    assert validate_prefix("") == ""
    assert validate_prefix("jobs/") == "jobs/"
    assert validate_prefix("jobs/12") == "jobs/12"
    for bad in ["/", "../", "jobs/../", "/jobs/", "jobs//"]:
        with pytest.raises(InvalidKey):
            validate_prefix(bad)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sprint 12", "Sprint 12"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("..", "export"),
        ("  . ", "export"),
        ("", "export"),
        ("a/b\\c", "a_b_c"),
        ('what?<>:"|*', "what_______"),
        ("tab\there\x00nul", "tab_here_nul"),
        ("bidi\u202eevil", "bidi_evil"),
        (".jiraex", "jiraex"),
        ("Cafe\u0301", "Café"),  # NFC: the same name always gives the same key
    ],
)
def test_safe_segment_neutralises_names(name: str, expected: str) -> None:
    assert safe_segment(name) == expected
    validate_key(safe_segment(name))


def test_safe_segment_cuts_long_names_on_a_character_boundary() -> None:
    cut = safe_segment("é" * 300)
    assert len(cut.encode("utf-8")) <= 200
    assert set(cut) == {"é"}


def test_attachment_keys_are_per_connection_and_attachment() -> None:
    connection = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert attachment_key(connection, "10042") == "attachments/12345678-1234-5678-1234-567812345678/10042"
    assert attachment_key("c1", "10042") == "attachments/c1/10042"


@pytest.mark.parametrize("bad", ["", "..", ".", "a/b", "../x", "a\\b", "-rf", "x" * 129, "id\n"])
def test_ids_that_are_not_plain_identifiers_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidKey):
        attachment_key("c1", bad)
    with pytest.raises(InvalidKey):
        attachment_key(bad, "1")
    with pytest.raises(InvalidKey):
        job_key(bad, "export", "issues.json")


def test_job_keys_follow_the_documented_layout() -> None:
    job = uuid.UUID("00000000-0000-0000-0000-000000000007")
    assert job_prefix(job) == "jobs/00000000-0000-0000-0000-000000000007/"
    assert job_key(job, "My export", "csv/issues.csv") == f"jobs/{job}/My export/csv/issues.csv"
    assert job_archive_key(job, "My export") == f"jobs/{job}/My export.zip"


def test_job_keys_neutralise_the_export_name_and_reject_unsafe_relative_paths() -> None:
    assert job_key("j1", "../../x", "issues.json") == "jobs/j1/_.._x/issues.json"
    assert job_archive_key("j1", "a/b") == "jobs/j1/a_b.zip"
    for bad in ["../issues.json", "/issues.json", "csv//issues.csv", "a\\b", ""]:
        with pytest.raises(InvalidKey):
            job_key("j1", "export", bad)


def test_content_types_default_from_the_extension() -> None:
    assert content_type_for("x/issues.ndjson", None) == "application/x-ndjson"
    assert content_type_for("x/ISSUES.JSON", None) == "application/json"
    assert content_type_for("x/index.html", None) == "text/html; charset=utf-8"
    assert content_type_for("attachments/c/10001", None) == "application/octet-stream"
    assert content_type_for("x/issues.json", "text/plain") == "text/plain"
