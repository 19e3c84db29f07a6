"""The `fields` parameter, the field catalog and the names/schema/renderedFields expansions."""

from jiraex_jira_sim.dataset import Dataset, FieldSpec

BASE = "http://127.0.0.1:8080"
NON_NAVIGABLE = {"comment", "worklog", "attachment", "timetracking"}


def _fields(ds: Dataset, raw: list[str] | None, default: str = "*all", deployment: str = "cloud") -> dict:
    r = ds.renderer(3 if deployment == "cloud" else 2, BASE, deployment)
    return r.issue(1, FieldSpec.parse(raw, default=default), frozenset({"names", "schema"}))


def test_all_and_navigable(ds: Dataset) -> None:
    everything = set(_fields(ds, None)["fields"])
    navigable = set(_fields(ds, None, default="*navigable")["fields"])
    assert everything >= NON_NAVIGABLE
    assert not NON_NAVIGABLE & navigable
    assert everything - navigable == NON_NAVIGABLE
    assert {"summary", "status", "customfield_10200", "customfield_10201"} <= navigable
    assert set(_fields(ds, ["*navigable"], default="*all")["fields"]) == navigable


def test_explicit_ids_exclusions_and_unknown_ids(ds: Dataset) -> None:
    assert set(_fields(ds, ["summary,status", "labels"])["fields"]) == {"summary", "status", "labels"}
    assert set(_fields(ds, [" summary , nosuchfield "])["fields"]) == {"summary"}
    everything = set(_fields(ds, None)["fields"])
    assert set(_fields(ds, ["*all,-comment", "-worklog"])["fields"]) == everything - {"comment", "worklog"}
    navigable = set(_fields(ds, None, default="*navigable")["fields"])
    assert set(_fields(ds, ["-summary"], default="*navigable")["fields"]) == navigable - {"summary"}
    assert set(_fields(ds, ["summary,-summary"])["fields"]) == set()


def test_id_and_key_only_return_the_identity(ds: Dataset) -> None:
    for raw in (["id"], ["key"], ["id,key"]):
        issue = _fields(ds, raw, default="*all")
        assert "fields" not in issue
        assert (issue["id"], issue["key"]) == (str(ds.issue_id(1)), ds.issue_key(1))
    assert FieldSpec.parse([], default="id").is_empty
    assert not FieldSpec.parse(["id,summary"]).is_empty


def test_names_and_schema_describe_exactly_the_returned_fields(ds: Dataset) -> None:
    issue = _fields(ds, ["summary,customfield_10200,customfield_10201,comment,parent"])
    assert set(issue["names"]) == set(issue["fields"])
    assert issue["names"]["customfield_10200"] == issue["names"]["customfield_10201"] == "Team"
    assert issue["schema"]["customfield_10200"]["custom"].endswith(":select")
    assert issue["schema"]["customfield_10201"]["customId"] == 10201
    assert issue["schema"]["summary"] == {"type": "string", "system": "summary"}


def test_field_catalog_has_two_custom_fields_named_team(ds: Dataset) -> None:
    for deployment in ("cloud", "server"):
        fields = ds.fields(deployment)
        teams = [f for f in fields if f["name"] == "Team"]
        assert len(teams) == 2
        assert teams[0]["id"] != teams[1]["id"]
        ids = [f["id"] for f in fields]
        assert len(ids) == len(set(ids))
        for f in fields:
            if f["custom"]:
                assert f["schema"]["customId"] == int(f["id"].removeprefix("customfield_"))
                assert f["clauseNames"][0] == f"cf[{f['schema']['customId']}]"
    kinds = {f["schema"]["custom"].rsplit(":", 1)[1] for f in ds.fields() if f["custom"]}
    assert {
        "select",
        "multiselect",
        "float",
        "datepicker",
        "datetime",
        "userpicker",
        "labels",
        "textfield",
        "textarea",
        "gh-sprint",
    } <= kinds


def test_custom_field_values_have_their_schema_shapes(ds: Dataset) -> None:
    cloud = ds.renderer(3, BASE, "cloud")
    server = ds.renderer(2, BASE, "server")
    seen: set[str] = set()
    for i in range(len(ds)):
        f = cloud.issue(i, FieldSpec.parse(None), frozenset())["fields"]
        s = server.issue(i, FieldSpec.parse(["customfield_10010", "customfield_10108"]), frozenset())["fields"]
        for fid, value in f.items():
            if not fid.startswith("customfield_") or value is None:
                continue
            seen.add(fid)
            if fid in ("customfield_10100", "customfield_10200"):
                assert set(value) == {"self", "value", "id"}
            elif fid == "customfield_10101":
                assert all(set(v) == {"self", "value", "id"} for v in value)
            elif fid == "customfield_10016":
                assert isinstance(value, float)
            elif fid == "customfield_10102":
                assert len(value) == 10
            elif fid == "customfield_10103":
                assert value.endswith("+0000")
            elif fid == "customfield_10104":
                assert "accountId" in value
            elif fid == "customfield_10108":
                assert value["type"] == "doc"
                assert isinstance(s["customfield_10108"], str)
            elif fid == "customfield_10010":
                assert all({"id", "name", "state", "boardId"} <= set(v) for v in value)
                assert all(
                    v.startswith("com.atlassian.greenhopper.service.sprint.Sprint@") for v in s["customfield_10010"]
                )
    assert len(seen) == 14


def test_rendered_fields_cloud_lists_all_server_only_renderable(ds: Dataset, heavy: int) -> None:
    expand = frozenset({"renderedFields"})
    cloud = ds.renderer(3, BASE, "cloud").issue(heavy, FieldSpec.parse(None), expand)
    server = ds.renderer(2, BASE, "server").issue(heavy, FieldSpec.parse(None), expand)
    assert set(cloud["renderedFields"]) == set(cloud["fields"])
    assert cloud["renderedFields"]["status"] is None
    assert "status" not in server["renderedFields"]
    for rendered in (cloud["renderedFields"], server["renderedFields"]):
        assert rendered["created"].count("/") == 2
        assert rendered["created"].endswith(("AM", "PM"))
        assert all(isinstance(a["size"], str) for a in rendered["attachment"])
        assert rendered["comment"]["comments"][0]["body"].startswith("<")
    if cloud["fields"]["description"] is not None:
        assert cloud["renderedFields"]["description"].startswith("<")


def test_rendered_body_on_comment_pages(ds: Dataset, heavy: int) -> None:
    r = ds.renderer(3, BASE, "cloud")
    page = r.comments(heavy, 0, 5, expand=frozenset({"renderedBody"}))
    assert all(c["renderedBody"].startswith("<") for c in page["comments"])
    assert "renderedBody" not in r.comments(heavy, 0, 5)["comments"][0]
