"""`jiraex-api --help` says what it serves and how it is configured; startup refuses an outdated schema."""

import subprocess
import sys
from pathlib import Path

import pytest
from api_harness import api_settings, running_api

from jiraex_api.startup import SchemaNotCurrent


def test_help_names_the_port_and_the_settings() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jiraex_api.main", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0
    assert "JIRA_EXTRACTOR_API_PORT" in result.stdout
    assert "JIRA_EXTRACTOR_MIGRATE_ON_START" in result.stdout
    assert "JIRA_EXTRACTOR_TRUSTED_PROXIES" in result.stdout


async def test_without_migrate_on_start_an_unmigrated_database_stops_the_start(tmp_path: Path) -> None:
    settings = api_settings(str(tmp_path), migrate_on_start="false")
    # The test client's task group wraps the lifespan's error in an ExceptionGroup.
    refused = pytest.RaisesExc(SchemaNotCurrent, match="jiraex migrate upgrade")
    with pytest.RaisesGroup(refused, allow_unwrapped=True, flatten_subgroups=True):
        async with running_api(settings):
            pass
