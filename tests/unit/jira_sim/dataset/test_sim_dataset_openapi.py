"""Rendered JSON against the component schemas of Atlassian's OpenAPI document (shapes and key sets)."""

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from shared_docs import jira_spec_path, require

from jiraex_jira_sim.dataset import Dataset, FieldSpec

SPEC = jira_spec_path()
BASE = "http://127.0.0.1:8080"
EXPAND = frozenset({"renderedFields", "names", "schema", "changelog"})


def _nullable(node: Any) -> Any:
    # Jira sends null for many properties the spec types as plain strings/objects (e.g. ChangeDetails.from),
    # so null is accepted everywhere; key sets (additionalProperties: false) and types stay enforced.
    if isinstance(node, dict):
        out = {k: _nullable(v) for k, v in node.items()}
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        return out
    if isinstance(node, list):
        return [_nullable(v) for v in node]
    return node


@pytest.fixture(scope="module")
def validate():
    require(SPEC, "Atlassian's OpenAPI document")
    spec = _nullable(copy.deepcopy(json.loads(SPEC.read_text())))
    registry = Registry().with_resource("urn:jira-spec", DRAFT202012.create_resource(spec))

    def check(instance: Any, schema_name: str) -> None:
        schema = {"$ref": f"urn:jira-spec#/components/schemas/{schema_name}"}
        validator = Draft202012Validator(schema, registry=registry)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        assert not errors, f"{schema_name}: {[(list(e.absolute_path), e.message) for e in errors[:5]]}"

    return check


def _variants(ds: Dataset):
    yield ds.renderer(3, BASE, "cloud")
    yield ds.renderer(2, BASE, "cloud")
    yield ds.renderer(2, BASE, "server")


def test_issue_and_its_embedded_objects(ds: Dataset, heavy: int, validate) -> None:
    for r in _variants(ds):
        for i in (0, 5, heavy):
            issue = r.issue(i, FieldSpec.parse(None), EXPAND)
            validate(issue, "IssueBean")
            f = issue["fields"]
            validate(f["comment"], "PageOfComments")
            for c in f["comment"]["comments"]:
                validate(c, "Comment")
            validate(f["worklog"], "PageOfWorklogs")
            for w in f["worklog"]["worklogs"]:
                validate(w, "Worklog")
            for a in f["attachment"]:
                validate(a, "Attachment")
            validate(f["status"], "StatusDetails")
            validate(f["status"]["statusCategory"], "StatusCategory")
            validate(f["priority"], "Priority")
            validate(f["issuetype"], "IssueTypeDetails")
            validate(f["project"], "ProjectDetails")
            validate(f["reporter"], "UserDetails")
            validate(f["votes"], "Votes")
            validate(f["watches"], "Watchers")
            validate(f["timetracking"], "TimeTrackingDetails")
            for v in f["fixVersions"] + f["versions"]:
                validate(v, "Version")
            for link in f["issuelinks"]:
                validate(link["type"], "IssueLinkType")
                validate(link.get("outwardIssue") or link["inwardIssue"], "LinkedIssue")
            for sub in f["subtasks"]:
                validate(sub, "LinkedIssue")
            if f["resolution"] is not None:
                validate(f["resolution"], "Resolution")
            validate(issue["changelog"], "PageOfChangelogs")
            for h in issue["changelog"]["histories"]:
                validate(h, "Changelog")


def test_pages_and_standalone_objects(ds: Dataset, heavy: int, validate) -> None:
    for r in _variants(ds):
        validate(r.comments(heavy, 3, 10, expand=frozenset({"renderedBody"})), "PageOfComments")
        validate(r.worklogs(heavy, 0, 30), "PageOfWorklogs")
        page = r.changelog_page(heavy, 100, 100)
        validate(page, "PageBeanChangelog")
        for h in page["values"]:
            validate(h, "Changelog")
        att = ds.attachments(heavy)[0]
        meta = r.attachment_meta(att.id)
        if r.cloud:
            validate(meta, "AttachmentMetadata")
        else:
            validate(meta, "Attachment")
        for project in r.projects():
            validate(project, "Project")
        for field in r.fields():
            validate(field, "FieldDetails")
        validate(r.myself("admin@example.com"), "User")
        validate(r.myself("stranger@example.org"), "User")
        validate(r.user(3), "UserDetails")


def test_the_validator_rejects_unknown_keys_and_wrong_types(validate) -> None:
    with pytest.raises(AssertionError):
        validate({"id": "1", "bogus": True}, "IssueBean")
    with pytest.raises(AssertionError):
        validate({"startAt": "zero"}, "PageOfComments")
    with pytest.raises(AssertionError):
        validate({"accountId": "x", "name": "n", "groups": {}}, "UserDetails")
