"""Security tests run the API on a SQLite file with in-memory adapters unless a test asks for real services."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from api_harness import ApiHarness, api_settings, running_api


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[ApiHarness]:
    async with running_api(api_settings(str(tmp_path))) as harness:
        yield harness
