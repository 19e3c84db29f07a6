"""Fixtures of the rate governor unit tests."""

import pytest
from ratelimit_virtual_clock import VirtualClock


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()
