"""Shared fixtures for the simulator dataset tests: one small dataset per session."""

import pytest

from jiraex_jira_sim.dataset import Dataset, DatasetConfig

SMALL = DatasetConfig(seed=7, issues=300, projects=4, heavy_every=50, max_attachment_bytes=1024 * 1024)


@pytest.fixture(scope="session")
def ds() -> Dataset:
    return Dataset(SMALL)


@pytest.fixture(scope="session")
def heavy() -> int:
    """The first heavy issue: > 1000 histories, hundreds of comments, > 20 worklogs."""
    return SMALL.heavy_every - 1
