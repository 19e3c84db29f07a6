"""Degenerate configurations, ground truth shape and config validation."""

import pytest

from jiraex_jira_sim.dataset import Dataset, DatasetConfig, FieldSpec


def test_empty_dataset() -> None:
    ds = Dataset(DatasetConfig(issues=0))
    assert len(ds) == 0
    assert ds.jql_issues() == ()
    assert ds.index_of("ALPHA-1") is None
    assert ds.index_of("10000") is None
    assert ds.attachment(10000) is None
    assert ds.ground_truth([]) == {"issues": []}


def test_every_issue_heavy_many_projects_tiny_pool() -> None:
    ds = Dataset(DatasetConfig(issues=12, projects=12, heavy_every=1, users=4, max_attachment_bytes=0))
    r = ds.renderer(2, "http://x", "server")
    for i in range(len(ds)):
        issue = r.issue(i, FieldSpec.parse(None), frozenset({"renderedFields", "changelog", "names", "schema"}))
        assert issue["changelog"]["total"] == ds.histories_count(i) > 100
    keys = [p["key"] for p in r.projects()]
    assert len(keys) == len(set(keys)) == 12
    assert {a.size for i in range(len(ds)) for a in ds.attachments(i)} == {0}


def test_ground_truth_lists_counts_and_digests(ds: Dataset, heavy: int) -> None:
    truth = ds.ground_truth([0, heavy])["issues"]
    assert [t["key"] for t in truth] == [ds.issue_key(0), ds.issue_key(heavy)]
    heavy_truth = truth[1]
    assert heavy_truth["id"] == str(ds.issue_id(heavy))
    assert (heavy_truth["comments"], heavy_truth["histories"], heavy_truth["worklogs"]) == (
        ds.comments_count(heavy),
        ds.histories_count(heavy),
        ds.worklogs_count(heavy),
    )
    assert [a["id"] for a in heavy_truth["attachments"]] == [str(a.id) for a in ds.attachments(heavy)]
    assert all(len(a["sha256"]) == 64 for a in heavy_truth["attachments"])


@pytest.mark.parametrize(
    "kwargs", [{"issues": -1}, {"projects": 0}, {"heavy_every": 0}, {"max_attachment_bytes": -1}, {"users": 3}]
)
def test_config_rejects_nonsense(kwargs: dict) -> None:
    with pytest.raises(ValueError, match="must be"):
        DatasetConfig(**kwargs)


def test_renderer_rejects_unknown_api_and_deployment(ds: Dataset) -> None:
    with pytest.raises(ValueError, match="api"):
        ds.renderer(4, "http://x", "cloud")
    with pytest.raises(ValueError, match="deployment"):
        ds.renderer(2, "http://x", "datacenter")


def test_field_spec_accepts_a_plain_string_and_repeated_values() -> None:
    spec = FieldSpec.parse("summary,status")
    assert spec.explicit == ("summary", "status")
    assert FieldSpec.parse(["summary", "summary,labels"]).explicit == ("summary", "labels")
    assert FieldSpec.parse(["", " "], default="*navigable").navigable
    assert FieldSpec.parse(None, default="*all,-comment").excluded == frozenset({"comment"})


def test_myself_per_deployment(ds: Dataset) -> None:
    cloud = ds.renderer(3, "http://x", "cloud").myself("admin@example.com")
    assert cloud["accountId"] == ds.users[0].account_id
    assert "name" not in cloud
    server = ds.renderer(2, "http://x", "server").myself("admin")
    assert (server["name"], server["key"]) == ("admin", "admin")
    assert "accountId" not in server
    stranger = ds.renderer(3, "http://x", "cloud").myself("someone@corp.example")
    assert stranger["emailAddress"] == "someone@corp.example"
    assert stranger["accountId"] == ds.renderer(3, "http://y", "cloud").myself("someone@corp.example")["accountId"]
