"""ADF → sanitised HTML and plain text: every common node and mark, and nothing executable gets through."""

import pytest

from jiraex_shared.exporters.adf_html import adf_to_html
from jiraex_shared.exporters.adf_text import adf_to_text
from jiraex_shared.exporters.render_options import AttachmentLink, RenderOptions


def doc(*content):
    return {"type": "doc", "version": 1, "content": list(content)}


def para(*content):
    return {"type": "paragraph", "content": list(content)}


def text(value, *marks):
    node = {"type": "text", "text": value}
    if marks:
        node["marks"] = list(marks)
    return node


def link_mark(href):
    return {"type": "link", "attrs": {"href": href}}


RICH = doc(
    {"type": "heading", "attrs": {"level": 2}, "content": [text("Plan")]},
    para(
        text("bold", {"type": "strong"}),
        text(" "),
        text("it", {"type": "em"}),
        text(" "),
        text("x()", {"type": "code"}),
        text(" "),
        text("gone", {"type": "strike"}),
        text(" "),
        text("under", {"type": "underline"}),
        text(" "),
        text("docs", link_mark("https://example.com/a?b=1&c=2")),
        {"type": "hardBreak"},
        {"type": "mention", "attrs": {"id": "acc", "text": "@Mia"}},
        text(" "),
        {"type": "emoji", "attrs": {"shortName": ":smile:", "text": "😄"}},
        text(" "),
        {"type": "date", "attrs": {"timestamp": "1704067200000"}},
        text(" "),
        {"type": "status", "attrs": {"text": "DONE", "color": "green"}},
        text(" "),
        {"type": "inlineCard", "attrs": {"url": "https://jira.example.com/browse/A-1"}},
    ),
    {
        "type": "bulletList",
        "content": [
            {
                "type": "listItem",
                "content": [
                    para(text("one")),
                    {
                        "type": "orderedList",
                        "attrs": {"order": 3},
                        "content": [{"type": "listItem", "content": [para(text("nested"))]}],
                    },
                ],
            },
            {"type": "listItem", "content": [para(text("two"))]},
        ],
    },
    {"type": "codeBlock", "attrs": {"language": "python"}, "content": [text("print('<b>')\n")]},
    {"type": "blockquote", "content": [para(text("quoted"))]},
    {"type": "rule"},
    {"type": "panel", "attrs": {"panelType": "warning"}, "content": [para(text("careful"))]},
    {
        "type": "table",
        "content": [
            {
                "type": "tableRow",
                "content": [{"type": "tableHeader", "attrs": {"colspan": 2}, "content": [para(text("H"))]}],
            },
            {
                "type": "tableRow",
                "content": [
                    {"type": "tableCell", "content": [para(text("a"))]},
                    {"type": "tableCell", "content": [para(text("b"))]},
                ],
            },
        ],
    },
    {
        "type": "mediaSingle",
        "content": [{"type": "media", "attrs": {"id": "uuid-1", "type": "file", "alt": "shot.png"}}],
    },
    {"type": "expand", "attrs": {"title": "More"}, "content": [para(text("hidden"))]},
    {
        "type": "taskList",
        "content": [{"type": "taskItem", "attrs": {"state": "DONE"}, "content": [text("task")]}],
    },
)


def test_every_common_node_renders_to_html():
    html = adf_to_html(RICH)
    for fragment in (
        "<h2>Plan</h2>",
        "<strong>bold</strong>",
        "<em>it</em>",
        "<code>x()</code>",
        "<s>gone</s>",
        "<u>under</u>",
        '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">docs</a>',
        "<br>",
        '<span class="mention">@Mia</span>',
        '<span class="emoji">😄</span>',
        '<time datetime="2024-01-01">2024-01-01</time>',
        '<span class="status status-green">DONE</span>',
        '<a href="https://jira.example.com/browse/A-1"',
        '<ul><li><p>one</p><ol start="3"><li><p>nested</p>',
        '<pre><code class="language-python">print(&#x27;&lt;b&gt;&#x27;)\n</code></pre>',
        "<blockquote><p>quoted</p></blockquote>",
        "<hr>",
        '<div class="panel panel-warning"><p>careful</p></div>',
        '<th colspan="2"><p>H</p></th>',
        "<td><p>a</p></td>",
        '<span class="media">[attachment: shot.png]</span>',
        "<details open><summary>More</summary><p>hidden</p></details>",
        '<li class="task done">☑ task</li>',
    ):
        assert fragment in html, fragment


def test_every_common_node_renders_to_text():
    assert adf_to_text(RICH) == (
        "Plan\n"
        "bold it x() gone under docs\n@Mia 😄 2024-01-01 DONE https://jira.example.com/browse/A-1\n"
        "- one\n  3. nested\n- two\n"
        "print('<b>')\n\n"
        "> quoted\n----\ncareful\nH\na | b\n[attachment: shot.png]\nMore\nhidden\n[x] task"
    )


def test_media_links_to_the_local_attachment_copy():
    options = RenderOptions(attachments={"shot.png": AttachmentLink("../../attachments/A-1/shot.png", True)})
    html = adf_to_html(RICH, options)
    assert '<img src="../../attachments/A-1/shot.png" alt="shot.png">' in html


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " java\tscript:alert(1)",
        "data:text/html,<script>x</script>",
        "vbscript:msgbox(1)",
        "&#106;avascript:alert(1)",
        "file:///etc/passwd",
    ],
)
def test_unsafe_link_marks_lose_their_link(href):
    html = adf_to_html(doc(para(text("click", link_mark(href)))))
    assert html == "<p>click</p>"


def test_site_relative_links_resolve_against_jira():
    options = RenderOptions(base_url="https://example.atlassian.net/jira")
    html = adf_to_html(doc(para(text("A-1", link_mark("/browse/A-1")))), options)
    assert 'href="https://example.atlassian.net/browse/A-1"' in html


def test_text_and_attributes_are_escaped():
    hostile = doc(
        para(text("<script>alert(1)</script>"), text("<img src=x onerror=alert(1)>", {"type": "strong"})),
        {"type": "codeBlock", "attrs": {"language": '"><script>'}, "content": [text("</code><script>")]},
        {"type": "heading", "attrs": {"level": "1 onclick=x"}, "content": [text("h")]},
        {"type": "panel", "attrs": {"panelType": '"><svg onload=alert(1)>'}, "content": []},
        {
            "type": "mediaSingle",
            "content": [{"type": "media", "attrs": {"alt": '"><script>alert(1)</script>'}}],
        },
        {"type": "status", "attrs": {"text": "<b>", "color": "red onmouseover=x"}},
        {
            "type": "table",
            "content": [
                {
                    "type": "tableRow",
                    "content": [{"type": "tableCell", "attrs": {"colspan": "2 onclick=x"}, "content": []}],
                }
            ],
        },
    )
    html = adf_to_html(hostile)
    assert "<script" not in html and "<img" not in html and "<svg" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h2>h</h2>" in html and '<div class="panel panel-info">' in html and "<td>" in html


def test_unknown_nodes_degrade_to_their_escaped_content():
    html = adf_to_html(doc({"type": "futureThing", "content": [para(text("<kept>"))]}, {"type": "weird"}))
    assert html == '<div class="block"><p>&lt;kept&gt;</p></div><div class="block"></div>'
    assert adf_to_text(doc({"type": "futureThing", "content": [para(text("kept"))]})) == "kept"
    assert adf_to_html(doc({"type": "futureLeaf", "text": "<leaf>"})) == "<p>&lt;leaf&gt;</p>"
    assert adf_to_text(doc({"type": "futureLeaf", "text": "leaf"})) == "leaf"


def test_deep_nesting_cannot_exhaust_the_stack():
    node = para(text("bottom"))
    for _ in range(5000):
        node = {"type": "blockquote", "content": [node]}
    assert "bottom" in adf_to_html(doc(node))
    assert "bottom" in adf_to_text(doc(node))


def test_real_cloud_comments_render(load_fixture):
    comments = load_fixture("issue-comments-v3-adf-airbyte.json")["comments"]
    assert [adf_to_text(c["body"]) for c in comments][:1] == ["Closed"]
    assert all(adf_to_html(c["body"]).startswith("<p>") for c in comments)
