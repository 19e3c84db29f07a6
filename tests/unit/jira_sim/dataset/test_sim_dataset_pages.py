"""Counts agree everywhere and every page walk yields each item exactly once, in time order."""

from jiraex_jira_sim.dataset import Dataset, FieldSpec

BASE = "http://127.0.0.1:8080"


def _walk(fetch, key: str, page: int) -> list[dict]:
    items: list[dict] = []
    start = 0
    while True:
        body = fetch(start, page)
        assert body["startAt"] == start
        items.extend(body[key])
        if start + page >= body["total"]:
            return items
        start += page


def test_heavy_issue_exercises_every_pagination_path(ds: Dataset, heavy: int) -> None:
    assert ds.is_heavy(heavy)
    assert ds.comments_count(heavy) > 100
    assert ds.histories_count(heavy) > 1000
    assert ds.worklogs_count(heavy) > 20
    other_heavy = [i for i in range(len(ds)) if ds.is_heavy(i) and i != heavy]
    assert other_heavy
    assert all(ds.histories_count(i) > 100 for i in other_heavy)


def test_comment_pages_cover_every_comment_once(ds: Dataset, heavy: int) -> None:
    r = ds.renderer(3, BASE, "cloud")
    items = _walk(lambda s, m: r.comments(heavy, s, m), "comments", 37)
    ids = [c["id"] for c in items]
    assert len(ids) == ds.comments_count(heavy) == len(set(ids))
    created = [c["created"] for c in items]
    assert created == sorted(created)
    newest_first = _walk(lambda s, m: r.comments(heavy, s, m, order_by="-created"), "comments", 50)
    assert [c["id"] for c in newest_first] == ids[::-1]


def test_worklog_pages_cover_every_worklog_once(ds: Dataset, heavy: int) -> None:
    r = ds.renderer(2, BASE, "server")
    items = _walk(lambda s, m: r.worklogs(heavy, s, m), "worklogs", 7)
    assert len({w["id"] for w in items}) == len(items) == ds.worklogs_count(heavy)
    spent = ds.renderer(3, BASE, "cloud").issue(heavy, FieldSpec.parse(["timespent"]), frozenset())
    assert spent["fields"]["timespent"] == sum(w["timeSpentSeconds"] for w in items)


def test_changelog_pages_follow_next_page_links(ds: Dataset, heavy: int) -> None:
    r = ds.renderer(3, BASE, "cloud")
    seen: list[str] = []
    start, page = 0, 100
    while True:
        body = r.changelog_page(heavy, start, page)
        seen += [h["id"] for h in body["values"]]
        assert body["total"] == ds.histories_count(heavy)
        if body["isLast"]:
            assert "nextPage" not in body
            break
        assert body["nextPage"].endswith(f"startAt={start + page}&maxResults={page}")
        start += page
    assert seen == [h["id"] for h in r.histories(heavy)]
    assert len(seen) == len(set(seen)) == ds.histories_count(heavy)


def test_event_times_lie_between_created_and_updated(ds: Dataset) -> None:
    r = ds.renderer(3, BASE, "cloud")
    for i in range(0, len(ds), 7):
        created, updated = ds.records.created[i], ds.records.updated[i]
        assert created < updated
        times = [h.created_ms for h in ds.history_entries(i)]
        assert times == sorted(times)
        assert all(created < t <= updated for t in times)
        if times:
            assert times[-1] == updated
        for c in ds.comment_entries(i):
            assert created < c.created_ms <= c.updated_ms <= updated
        for w in ds.worklog_entries(i):
            assert created <= w.started_ms <= w.created_ms <= updated
        issue = r.issue(i, FieldSpec.parse(["created", "updated"]), frozenset())
        assert issue["fields"]["created"] < issue["fields"]["updated"]  # same zone: text order is time order


def test_embedded_pages_are_truncated_like_jira(ds: Dataset, heavy: int) -> None:
    total = ds.comments_count(heavy)
    for deployment, api in (("cloud", 3), ("server", 2)):
        r = ds.renderer(api, BASE, deployment)
        fields = FieldSpec.parse(["comment", "worklog"])
        on_issue = r.issue(heavy, fields, frozenset(), context="issue")["fields"]
        in_search = r.issue(heavy, fields, frozenset(), context="search")["fields"]
        assert on_issue["comment"]["total"] == in_search["comment"]["total"] == total
        assert len(on_issue["comment"]["comments"]) == total
        shown = 20 if deployment == "cloud" else total  # only Cloud truncates comments in search results
        assert len(in_search["comment"]["comments"]) == in_search["comment"]["maxResults"] == shown
        assert on_issue["worklog"]["total"] == ds.worklogs_count(heavy)
        assert len(on_issue["worklog"]["worklogs"]) == 20


def test_embedded_changelog_truncation_differs_between_cloud_and_server(ds: Dataset, heavy: int) -> None:
    total = ds.histories_count(heavy)
    newest = ds.renderer(3, BASE, "cloud").histories(heavy)[-1]["id"]
    fields = FieldSpec.parse(["summary"])
    cloud = ds.renderer(3, BASE, "cloud")
    on_issue = cloud.issue(heavy, fields, frozenset({"changelog"}), context="issue")["changelog"]
    in_search = cloud.issue(heavy, fields, frozenset({"changelog"}), context="search")["changelog"]
    assert (len(on_issue["histories"]), len(in_search["histories"])) == (100, 40)
    assert on_issue["total"] == in_search["total"] == total
    assert on_issue["histories"][-1]["id"] == in_search["histories"][-1]["id"] == newest
    server = ds.renderer(2, BASE, "server").issue(heavy, fields, frozenset({"changelog"}))["changelog"]
    assert server["total"] == server["maxResults"] == len(server["histories"]) == total


def test_ids_are_globally_unique(ds: Dataset) -> None:
    comment_ids = [c.id for i in range(len(ds)) for c in ds.comment_entries(i)]
    history_ids = [h.id for i in range(0, len(ds), 3) for h in ds.history_entries(i)]
    attachment_ids = [a.id for i in range(len(ds)) for a in ds.attachments(i)]
    for ids in (comment_ids, history_ids, attachment_ids):
        assert len(ids) == len(set(ids))
