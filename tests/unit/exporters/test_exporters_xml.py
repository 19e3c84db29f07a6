"""issues.xml: Jira's RSS export shape, well-formed whatever the issues contain."""

import xml.etree.ElementTree as ET

from jiraex_shared.contracts.commands import ExportInclude
from jiraex_shared.exporters.jira_dates import rss_date
from jiraex_shared.exporters.xml_chars import strip_invalid_xml_chars

NASTY = (
    "bell\x07 vtab\x0b formfeed\x0c escape\x1b nul\x00 unitsep\x1f end"
    " lone\ud800surrogate \udfff noncharacter \ufffe and \uffff"
    " ]]> <![CDATA[ x ]]> &amp; &lt;tag&gt; & < > \" '"
    " emoji 😀👩🏽‍💻🇺🇦 rtl مرحبا שלום \u202eexe.txt"
)
CLEAN = (
    "bell vtab formfeed escape nul unitsep end"
    " lonesurrogate  noncharacter  and "
    " ]]> <![CDATA[ x ]]> &amp; &lt;tag&gt; & < > \" '"
    " emoji 😀👩🏽‍💻🇺🇦 rtl مرحبا שלום \u202eexe.txt"
)


def test_forbidden_characters_are_stripped():
    assert strip_invalid_xml_chars(NASTY) == CLEAN
    assert strip_invalid_xml_chars("tab\tlf\ncr\r") == "tab\tlf\ncr\r"


def nasty_record(tiny_record):
    record = tiny_record(
        1,
        summary=NASTY,
        labels=[NASTY],
        customfield_10200=NASTY,
        customfield_10100={"value": NASTY},
        description=NASTY,
    )
    record["comments"][0]["body"] = NASTY + "\r\nsecond line"
    record["comments"][0]["author"] = {"displayName": NASTY, "accountId": "id\x01<\"'>"}
    record["changelog"][0]["items"][0]["fromString"] = NASTY
    record["worklogs"][0]["comment"] = NASTY
    record["attachments"][0]["filename"] = NASTY
    return record


def test_nasty_input_still_parses_and_round_trips(tmp_path, make_context, run_writers, tiny_record):
    for api_version in (2, 3):
        out = tmp_path / f"v{api_version}"
        run_writers(out, make_context(api_version=api_version), [nasty_record(tiny_record)], ["xml"])
        root = ET.parse(out / "issues.xml").getroot()
        item = root.find("channel/item")
        assert item.findtext("summary") == CLEAN
        assert item.findtext("title") == f"[DEMO-1] {CLEAN}"
        assert item.find("labels/label").text == CLEAN
        comment = item.find("comments/comment")
        assert comment.get("authorName") == CLEAN
        assert comment.get("author") == "id<\"'>"
        assert item.find("attachments/attachment").get("name") == CLEAN
        assert item.find("changelog/changegroup/changeitem").get("fromString") == CLEAN
        values = {
            cf.get("id"): [v.text for v in cf.iter("customfieldvalue")] for cf in item.iter("customfield")
        }
        assert values["customfield_10100"] == [CLEAN]
        assert values["customfield_10200"] == [CLEAN]
        assert CLEAN.split(" ]]>")[0] in item.findtext("description")


def test_attribute_whitespace_and_carriage_returns_survive(tmp_path, make_context, run_writers, tiny_record):
    record = tiny_record(1, summary="a\r\nb\tc")
    record["attachments"][0]["filename"] = "tab\there\nnewline\rcr"
    run_writers(tmp_path, make_context(), [record], ["xml"])
    item = ET.parse(tmp_path / "issues.xml").getroot().find("channel/item")
    assert item.findtext("summary") == "a\r\nb\tc"
    assert item.find("attachments/attachment").get("name") == "tab\there\nnewline\rcr"


def test_shape_follows_jiras_rss_export(tmp_path, make_context, run_writers, tiny_record):
    run_writers(tmp_path, make_context(), [tiny_record(1), tiny_record(2)], ["xml"])
    text = (tmp_path / "issues.xml").read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="0.92">\n  <channel>\n')
    root = ET.fromstring(text)
    assert root.tag == "rss" and root.get("version") == "0.92"
    channel = root.find("channel")
    assert (
        channel.findtext("link")
        == "https://example.atlassian.net/issues/?jql=project%20%3D%20DEMO%20ORDER%20BY%20key"
    )
    items = channel.findall("item")
    assert [i.findtext("key") for i in items] == ["DEMO-1", "DEMO-2"]
    item = items[0]
    assert [child.tag for child in item][:8] == [
        "title",
        "link",
        "description",
        "environment",
        "key",
        "summary",
        "status",
        "statusCategory",
    ]
    assert item.find("key").get("id") == "10001"
    assert item.findtext("link") == "https://example.atlassian.net/browse/DEMO-1"
    assert item.findtext("description") == "<p>Hello <strong>world</strong></p>"
    assert item.find("assignee").get("accountid") == "acc-1" and item.findtext("assignee") == "Mia Krystof"
    assert item.find("resolution").get("id") == "-1" and item.findtext("resolution") == "Unresolved"
    assert item.findtext("reporter") == "Anonymous"
    assert [label.text for label in item.find("labels")] == ["a", "b"]
    comment = item.find("comments/comment")
    assert comment.get("id") == "1" and comment.get("created") == "Tue, 2 Jan 2024 10:00:00 +0000"
    assert comment.text == "<p>Looks good</p>"
    fields = item.findall("customfields/customfield")
    assert [(f.get("id"), f.findtext("customfieldname")) for f in fields] == [
        ("customfield_10016", "Story Points"),
        ("customfield_10100", "Team"),
        ("customfield_10200", "Team"),
    ]
    assert fields[0].get("key") == "x:float"
    assert [v.text for v in fields[1].iter("customfieldvalue")] == ["Platform"]
    assert item.find("worklogs/worklog").get("timeSpentSeconds") == "3600"
    change = item.find("changelog/changegroup/changeitem")
    assert (change.get("field"), change.get("fromString"), change.get("toString")) == (
        "status",
        "To Do",
        "In Progress",
    )
    attachment = item.find("attachments/attachment")
    assert attachment.get("path") == "attachments/DEMO-1/shot.png" and attachment.get("size") == "3"


def test_server_users_and_links(tmp_path, make_context, run_writers, tiny_record):
    record = tiny_record(
        1,
        assignee={"name": "jdoe", "key": "JIRAUSER1", "displayName": "J. Doe"},
        issuelinks=[
            {
                "id": "1",
                "type": {"id": "10", "name": "Blocks", "inward": "is blocked by", "outward": "blocks"},
                "outwardIssue": {"id": "20", "key": "DEMO-9"},
            }
        ],
    )
    run_writers(tmp_path, make_context(deployment="server", api_version=2), [record], ["xml"])
    item = ET.parse(tmp_path / "issues.xml").getroot().find("channel/item")
    assert item.find("assignee").get("username") == "jdoe"
    link_type = item.find("issuelinks/issuelinktype")
    assert link_type.findtext("name") == "Blocks"
    assert link_type.find("outwardlinks").get("description") == "blocks"
    assert link_type.find("outwardlinks/issuelink/issuekey").text == "DEMO-9"


def test_left_out_parts_are_absent(tmp_path, make_context, run_writers, tiny_record):
    include = ExportInclude(comments=False, changelog=False, worklogs=False, attachments=False)
    run_writers(tmp_path, make_context(include=include), [tiny_record(1)], ["xml"])
    item = ET.parse(tmp_path / "issues.xml").getroot().find("channel/item")
    assert [item.find(tag) for tag in ("comments", "changelog", "worklogs", "attachments")] == [None] * 4


def test_rss_dates_are_english_rfc822():
    assert rss_date("2010-07-26T13:29:18.262+0200") == "Mon, 26 Jul 2010 13:29:18 +0200"
    assert rss_date("2024-02-29T00:00:00Z") == "Thu, 29 Feb 2024 00:00:00 +0000"
    assert rss_date("2012-04-13") == "2012-04-13"
    assert rss_date("2024-13-40T00:00:00+0000") == "2024-13-40T00:00:00+0000"
    assert rss_date(None) == ""
