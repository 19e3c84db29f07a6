"""Cross-references agree: history chains end at current values, links and sub-tasks point both ways."""

from jiraex_jira_sim.dataset import Dataset, FieldSpec

BASE = "http://127.0.0.1:8080"


def test_history_chains_end_at_the_current_values(ds: Dataset) -> None:
    r = ds.renderer(3, BASE, "cloud")
    checked = 0
    for i in range(len(ds)):
        histories = r.histories(i)
        if not histories:
            continue
        fields = r.issue(i, FieldSpec.parse(["status", "priority", "assignee", "summary", "labels"]), frozenset())[
            "fields"
        ]
        last: dict[str, dict] = {}
        previous: dict[str, str | None] = {"status": "10000"}  # every issue starts in To Do
        for h in histories:
            for item in h["items"]:
                field = item["field"]
                if field in previous and field in ("status", "priority", "assignee"):
                    assert item["from"] == previous[field], (i, field)  # chains have no gaps
                previous[field] = item["to"]
                last[field] = item
        if "status" in last:
            assert last["status"]["to"] == fields["status"]["id"]
            checked += 1
        else:
            assert fields["status"]["name"] == "To Do"  # never transitioned: still in the initial status
        if "priority" in last:
            assert last["priority"]["toString"] == fields["priority"]["name"]
        if "assignee" in last:
            assignee = fields["assignee"]
            assert last["assignee"]["to"] == (assignee["accountId"] if assignee else None)
        if "summary" in last:
            assert last["summary"]["toString"] == fields["summary"]
        if "labels" in last:
            assert last["labels"]["toString"] == " ".join(fields["labels"])
    assert checked > 20


def test_resolution_follows_the_status_category(ds: Dataset) -> None:
    r = ds.renderer(2, BASE, "server")
    for i in range(len(ds)):
        f = r.issue(i, FieldSpec.parse(["status", "resolution", "resolutiondate", "created", "updated"]), frozenset())[
            "fields"
        ]
        done = f["status"]["statusCategory"]["key"] == "done"
        assert (f["resolution"] is not None) == done == (f["resolutiondate"] is not None)
        if done:
            assert f["created"] <= f["resolutiondate"] <= f["updated"]


def test_issue_links_appear_on_both_ends(ds: Dataset) -> None:
    r = ds.renderer(3, BASE, "cloud")
    seen = 0
    for i in range(len(ds)):
        for link in r.issue_links(i):
            if "outwardIssue" not in link:
                continue
            seen += 1
            other = ds.index_of(link["outwardIssue"]["key"])
            assert other is not None
            mirror = [x for x in r.issue_links(other) if x["id"] == link["id"]]
            assert len(mirror) == 1
            assert mirror[0]["inwardIssue"]["key"] == ds.issue_key(i)
            assert mirror[0]["type"] == link["type"]
    assert seen > 10


def test_subtasks_and_parents_agree(ds: Dataset) -> None:
    r = ds.renderer(2, BASE, "server")
    subtasks = 0
    for i in range(len(ds)):
        f = r.issue(i, FieldSpec.parse(["issuetype", "parent", "subtasks", "project"]), frozenset())["fields"]
        if f["issuetype"]["subtask"]:
            subtasks += 1
            parent = ds.index_of(f["parent"]["key"])
            assert parent is not None
            assert parent < i
            pf = r.issue(parent, FieldSpec.parse(["subtasks", "project", "issuetype"]), frozenset())["fields"]
            assert pf["project"]["key"] == f["project"]["key"]
            assert not pf["issuetype"]["subtask"]
            assert ds.issue_key(i) in [s["key"] for s in pf["subtasks"]]
        else:
            assert "parent" not in f  # Server: only sub-tasks have a parent field
    assert subtasks > 10


def test_epic_children_have_a_parent_on_cloud(ds: Dataset) -> None:
    r = ds.renderer(3, BASE, "cloud")
    parents = [r.issue(i, FieldSpec.parse(["parent", "issuetype"]), frozenset())["fields"] for i in range(len(ds))]
    epic_children = [f for f in parents if "parent" in f and not f["issuetype"]["subtask"]]
    assert epic_children
    assert all(f["parent"]["fields"]["issuetype"]["name"] == "Epic" for f in epic_children)


def test_index_of_accepts_ids_and_case_insensitive_keys(ds: Dataset) -> None:
    for i in (0, 17, len(ds) - 1):
        key = ds.issue_key(i)
        assert ds.index_of(key) == i
        assert ds.index_of(key.lower()) == i
        assert ds.index_of(str(ds.issue_id(i))) == i
    assert ds.index_of(str(ds.issue_id(len(ds)))) is None
    assert ds.index_of("NOPE-1") is None
    assert ds.index_of("ALPHA-0") is None
    assert ds.index_of("garbage") is None


def test_jql_view_matches_rendered_issue(ds: Dataset) -> None:
    r = ds.renderer(3, BASE, "cloud")
    for i in (0, 3, 49, 120):
        view = ds.jql_issue(i)
        f = r.issue(
            i,
            FieldSpec.parse(["project", "issuetype", "status", "priority", "labels", "created", "updated"]),
            frozenset(),
        )["fields"]
        assert (view.key, view.id) == (ds.issue_key(i), ds.issue_id(i))
        assert view.project_key == f["project"]["key"]
        assert view.issue_type == f["issuetype"]["name"]
        assert view.status == f["status"]["name"]
        assert view.priority == f["priority"]["name"]
        assert list(view.labels) == f["labels"]
        assert view.created.tzinfo is not None
        assert view.created.strftime("%Y-%m-%dT%H:%M:%S") == f["created"][:19]
        assert view.updated > view.created
    assert ds.jql_issues()[5] == ds.jql_issue(5)


def test_status_category_change_date_matches_the_history(ds: Dataset) -> None:
    r = ds.renderer(3, BASE, "cloud")
    for i in range(0, len(ds), 3):
        f = r.issue(i, FieldSpec.parse(["statuscategorychangedate", "created"]), frozenset())["fields"]
        moves = [h["created"] for h in r.histories(i) for item in h["items"] if item["field"] == "status"]
        assert f["created"] <= f["statuscategorychangedate"]
        if not moves:
            assert f["statuscategorychangedate"] == f["created"]
        else:
            assert f["statuscategorychangedate"] in [*moves, f["created"]]


def test_catalog_feeds_the_jql_evaluator(ds: Dataset) -> None:
    from jiraex_jira_sim.jql import parse_jql

    catalog = ds.catalog
    assert catalog is ds.catalog  # built once
    assert "Won't Do" in catalog.statuses
    assert len(catalog.projects) == ds.config.projects
    assert catalog.resolve_issue is not None
    assert catalog.resolve_issue(ds.issue_key(3).lower()) == ds.issue_key(3)
    assert catalog.resolve_issue("NOPE-1") is None
    key = ds.project_infos[0].key
    query = parse_jql(f'project = {key} AND status = "To Do" ORDER BY created ASC', catalog=catalog, now=ds.base_time)
    hits = sorted((v for v in ds.jql_issues() if query.matches(v)), key=query.sort_key)
    assert hits
    assert all(v.project_key == key and v.status == "To Do" for v in hits)
    assert [v.created for v in hits] == sorted(v.created for v in hits)
