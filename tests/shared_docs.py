"""Where the team's shared documents and Jira reference data are: beside the repository (CI clones it there),
or wherever JIRAEX_SHARED_DIR points. Nothing from there is committed; tests read it in place."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    return Path(os.environ.get("JIRAEX_SHARED_DIR") or REPO_ROOT.parent / "shared")


def jira_spec_path() -> Path:
    """Atlassian's OpenAPI document of the Jira Cloud REST API."""
    return shared_dir() / "jira-api" / "swagger-v3.v3.json"


def jira_samples_dir() -> Path:
    """Real Jira response bodies collected from public fixtures."""
    return shared_dir() / "jira-samples"


def require(path: Path, what: str) -> Path:
    """`path`, or a skip naming it — a failure under CI=true, where the shared folder is always beside the clone."""
    import pytest
    from service_urls import in_ci

    if not path.exists():
        reason = f"{what} is not at {path} (set JIRAEX_SHARED_DIR to the shared folder)"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    return path
