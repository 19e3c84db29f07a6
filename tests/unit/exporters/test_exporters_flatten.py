"""Field values flattened for people: names not ids, options by value, plain numbers, joined lists."""

import pytest

from jiraex_shared.exporters.field_names import FieldDictionary
from jiraex_shared.exporters.field_order import ordered_field_ids
from jiraex_shared.exporters.flatten import flatten, plain_number, sprint_name
from jiraex_shared.exporters.writers import create_writers

SERVER_SPRINT = (
    "com.atlassian.greenhopper.service.sprint.Sprint@6f3a1c[id=1,rapidViewId=2,state=CLOSED,name=Sprint 1, "
    "the big one,startDate=2024-01-01T00:00:00.000Z,endDate=<null>,completeDate=<null>,sequence=1,goal=]"
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("2024-01-31T14:05:09.123+0000", "2024-01-31T14:05:09.123+0000"),
        (True, "true"),
        (42, "42"),
        (3.0, "3"),
        (1.457, "1.457"),
        (1e20, "100000000000000000000"),
        (float("nan"), ""),
        ({"accountId": "x", "displayName": "Mia Krystof", "emailAddress": "m@x"}, "Mia Krystof"),
        ({"name": "jdoe", "key": "JIRAUSER1"}, "jdoe"),
        ({"accountId": "5b10a"}, "5b10a"),
        ({"self": "https://x/option/1", "value": "S1 – Critical", "id": "1"}, "S1 – Critical"),
        ({"value": "Europe", "child": {"value": "Paris"}}, "Europe -> Paris"),
        ([{"name": "1.0"}, {"name": "2.0"}], "1.0; 2.0"),
        (
            [{"id": 1, "name": "Sprint 1", "state": "closed"}, {"id": 2, "name": "Sprint 2"}],
            "Sprint 1; Sprint 2",
        ),
        ([SERVER_SPRINT], "Sprint 1, the big one"),
        (["q1", None, "", "okr"], "q1; okr"),
        ({"key": "PROJ-1", "id": "1", "fields": {"summary": "Parent"}}, "PROJ-1"),
        ({"watchCount": 4, "isWatching": True, "self": "https://x"}, "4"),
        ({"votes": 2, "hasVoted": False}, "2"),
        (
            {
                "originalEstimate": "1h",
                "originalEstimateSeconds": 3600,
                "timeSpent": "2h",
                "timeSpentSeconds": 7200,
            },
            "originalEstimate: 1h, timeSpent: 2h",
        ),
        (
            {
                "id": "10",
                "type": {"name": "Blocks", "inward": "is blocked by", "outward": "blocks"},
                "inwardIssue": {"key": "A-2"},
            },
            "is blocked by A-2",
        ),
        (
            {
                "type": "doc",
                "version": 1,
                "content": [{"type": "paragraph", "content": [{"type": "text", "text": "x"}]}],
            },
            "x",
        ),
    ],
)
def test_values_flatten_readably(value, expected):
    assert flatten(value) == expected


def test_wiki_strings_are_only_read_as_markup_for_rich_fields_on_v2():
    assert flatten("*bold*", rich_text=True, api_version=2) == "bold"
    assert flatten("*bold*", rich_text=False, api_version=2) == "*bold*"
    assert flatten("*bold*", rich_text=True, api_version=3) == "*bold*"


def test_sprint_strings():
    assert sprint_name(SERVER_SPRINT) == "Sprint 1, the big one"
    assert sprint_name("Sprint 1") is None
    assert plain_number(-0.5) == "-0.5"


def test_real_cloud_issue_has_no_raw_objects(load_fixture):
    issue = load_fixture("search-issues-v3-adf-airbyte.json")["issues"][0]
    fields = issue["fields"]
    assert flatten(fields["assignee"]) == "integration test"
    assert flatten(fields["customfield_10012"]) == "To Do"
    assert flatten(fields["components"]) == "Component 0"
    assert flatten(fields["description"]) == "Test issue"
    assert flatten(fields["priority"]) == "Low"
    for field_id, value in fields.items():
        assert "{'" not in flatten(value), field_id


def test_field_order_puts_common_fields_first_and_custom_fields_by_name(load_fixture):
    extra = [
        {"id": "summary", "name": "Summary"},
        {"id": "comment", "name": "Comment"},
        {"id": "issuekey", "name": "Key"},
        {"id": "customfield_1", "name": "Alpha", "custom": True},
        {"id": "hidden", "name": "Hidden", "navigable": False},
    ]
    dictionary = FieldDictionary([*load_fixture("fields-cloud-jira-cli.json"), *extra])
    assert ordered_field_ids(dictionary, None) == [
        "summary",
        "fixVersions",
        "timespent",
        "hidden",
        "customfield_1",
        "customfield_10111",
    ]
    assert ordered_field_ids(dictionary, ["*navigable"]) == [
        "summary",
        "fixVersions",
        "timespent",
        "customfield_1",
        "customfield_10111",
    ]
    assert ordered_field_ids(dictionary, ["*all", "-timespent", "summary"]) == [
        "summary",
        "fixVersions",
        "hidden",
        "customfield_1",
        "customfield_10111",
    ]
    assert ordered_field_ids(dictionary, ["unknown_field", "original story points"]) == [
        "unknown_field",
        "customfield_10111",
    ]


def test_create_writers_is_a_closed_set():
    assert [w.name for w in create_writers(["csv", "json"])] == ["csv", "json"]
    with pytest.raises(ValueError, match="unknown export formats"):
        create_writers(["pdf"])
    with pytest.raises(ValueError, match="must not repeat"):
        create_writers(["json", "json"])
