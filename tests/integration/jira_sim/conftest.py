"""Fixtures for the simulator's integration tests: shared small datasets, running simulators, OpenAPI schemas."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
from shared_docs import jira_samples_dir, jira_spec_path, require

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.dataset import Dataset
from jiraex_jira_sim.runner import RunningSimulator, build_dataset, run_simulator

EMAIL = "tester@example.com"
TOKEN = "cloud-api-token-123"
PAT = "server-pat-456"
USER = "jdoe"
PASSWORD = "s3cret"
SPEC_PATH = jira_spec_path()
SAMPLES = jira_samples_dir()

CLOUD = SimConfig(mode="cloud", issues=240, seed=11, email=EMAIL, token=TOKEN)
SERVER = SimConfig(mode="server", issues=240, seed=11, token=PAT, user=USER, password=PASSWORD, server_max_results=40)


@dataclass(frozen=True)
class Creds:
    email: str = EMAIL
    token: str = TOKEN
    pat: str = PAT
    user: str = USER
    password: str = PASSWORD


@pytest.fixture(scope="session")
def creds() -> Creds:
    """The credentials both simulators accept (Cloud email/token, Server PAT and user/password)."""
    return Creds()


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """240 issues (two heavy ones, one with > 1000 histories): built once, shared by every simulator."""
    return build_dataset(CLOUD)


@pytest.fixture
def start_sim(dataset: Dataset) -> Callable[..., Any]:
    """``async with start_sim(mode="server", faults=...) as sim``: a simulator over the shared dataset."""

    def start(base: SimConfig = CLOUD, **changes: Any) -> Any:
        return run_simulator(replace(base, **changes), dataset)

    return start


@pytest.fixture
async def cloud_sim(start_sim: Callable[..., Any]) -> AsyncIterator[RunningSimulator]:
    async with start_sim(CLOUD) as sim:
        yield sim


@pytest.fixture
async def server_sim(start_sim: Callable[..., Any]) -> AsyncIterator[RunningSimulator]:
    async with start_sim(SERVER) as sim:
        yield sim


@pytest.fixture
async def cloud(cloud_sim: RunningSimulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=cloud_sim.base_url, auth=(EMAIL, TOKEN), timeout=10) as client:
        yield client


@pytest.fixture
async def server(server_sim: RunningSimulator) -> AsyncIterator[httpx.AsyncClient]:
    headers = {"Authorization": f"Bearer {PAT}"}
    async with httpx.AsyncClient(base_url=server_sim.base_url, headers=headers, timeout=10) as client:
        yield client


# Where real responses and the spec disagree, the real ones win: Jira sends null for the empty side of a
# change item (see the JRJC changelog sample), although ChangeDetails declares plain strings.
NULLABLE_IN_PRACTICE = {"ChangeDetails": ("from", "fromString", "to", "toString")}


def _openapi_to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 marks nulls with ``nullable: true``; JSON Schema spells it as a null type."""
    if isinstance(node, list):
        return [_openapi_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _openapi_to_json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable") is True:
        if "type" in converted:
            converted["type"] = [converted["type"], "null"]
        else:
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


@pytest.fixture(scope="session")
def openapi() -> Callable[[Any, str], None]:
    """``openapi(body, "SchemaName")`` validates a response body against the Cloud spec's component schema."""
    require(SPEC_PATH, "Atlassian's OpenAPI document")
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    spec = json.loads(SPEC_PATH.read_text())
    for schema_name, properties in NULLABLE_IN_PRACTICE.items():
        for name in properties:
            spec["components"]["schemas"][schema_name]["properties"][name]["nullable"] = True
    document = {"components": {"schemas": _openapi_to_json_schema(spec["components"]["schemas"])}}
    registry = Registry().with_resource("urn:jira-openapi", Resource(contents=document, specification=DRAFT4))

    def validate(body: Any, schema_name: str) -> None:
        schema = {"$ref": f"urn:jira-openapi#/components/schemas/{schema_name}"}
        validator = jsonschema.Draft4Validator(schema, registry=registry)
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        if errors:
            details = "\n".join(f"  at {list(e.absolute_path)}: {e.message[:300]}" for e in errors[:10])
            raise AssertionError(f"{len(errors)} violation(s) of {schema_name}:\n{details}")

    return validate


@pytest.fixture(scope="session")
def sample() -> Callable[[str], Any]:
    """``sample("errors/cloud-410-search-removed.json")``: a Jira sample body from the shared folder."""

    def load(relative: str) -> Any:
        return json.loads(require(SAMPLES / relative, "a Jira sample body").read_text())

    return load
