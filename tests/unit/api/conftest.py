"""An API on a SQLite file with the in-process bus, memory streams and local files: no sockets."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from api_harness import ApiHarness, api_settings, running_api


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[ApiHarness]:
    async with running_api(api_settings(str(tmp_path))) as harness:
        yield harness
