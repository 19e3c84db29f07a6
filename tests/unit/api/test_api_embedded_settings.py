"""`jiraex serve`'s settings: the data dir's secret key (created 0600 once, reused, never replaced) and the
refusal of fleet service URLs."""

import base64
import stat
from pathlib import Path

import pytest

from jiraex_api.embedded.secret_key import SecretKeyFileError, load_or_create_secret_key, secret_key_path
from jiraex_api.embedded.serve_settings import NotEmbedded, embedded_settings
from jiraex_shared.settings import Settings


def test_the_key_is_created_owner_only_and_reused(tmp_path: Path) -> None:
    first = load_or_create_secret_key(tmp_path / "data")
    assert len(base64.b64decode(first)) == 32
    path = secret_key_path(tmp_path / "data")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
    assert load_or_create_secret_key(tmp_path / "data") == first
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret_key"]  # no draft left behind


def test_a_damaged_key_file_stops_the_start_and_is_kept(tmp_path: Path) -> None:
    path = secret_key_path(tmp_path)
    path.write_text("not a key\n")
    with pytest.raises(SecretKeyFileError, match="does not hold a usable secret key"):
        load_or_create_secret_key(tmp_path)
    assert path.read_text() == "not a key\n"


def test_overrides_apply_and_a_configured_key_wins(tmp_path: Path) -> None:
    configured = base64.b64encode(b"k" * 32).decode()
    settings = embedded_settings(Settings(secret_key=configured), host="0.0.0.0", port=0,
                                 data_dir=str(tmp_path / "d"))
    assert (settings.api_host, settings.api_port, settings.data_dir, settings.secret_key) == (
        "0.0.0.0", 0, str(tmp_path / "d"), configured)
    assert not secret_key_path(tmp_path / "d").exists()


def test_fleet_services_are_refused_with_the_processes_to_run_instead(tmp_path: Path) -> None:
    settings = Settings(s3_bucket="exports", s3_endpoint_url="http://user:secret@minio:9000", data_dir=str(tmp_path))
    with pytest.raises(NotEmbedded) as refused:
        embedded_settings(settings)
    message = str(refused.value)
    assert "JIRA_EXTRACTOR_S3_BUCKET, JIRA_EXTRACTOR_S3_ENDPOINT_URL are set" in message
    assert "jiraex-api" in message and "secret" not in message
    assert not secret_key_path(tmp_path).exists()
