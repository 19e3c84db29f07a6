"""Jira wiki markup (REST v2) → sanitised HTML and plain text."""

import pytest

from jiraex_shared.exporters.render_options import AttachmentLink, RenderOptions
from jiraex_shared.exporters.wiki_html import wiki_to_html
from jiraex_shared.exporters.wiki_text import wiki_to_text

MARKUP = """h1. Release *notes*
Intro with _emphasis_, -strike-, +inserted+, ^sup^, ~sub~, ??cite?? and {{mono <b>}}.
Second line\\\\forced break, [docs|https://example.com/a?x=1&y=2], [https://bare.example.org] and [~jdoe].
Escaped \\*stars\\* and snake_case_name stay literal; 2-3-4 too.

* one
** one.one
* two
# first
# second

||Name||Value||
|a|[b|https://b.example]|

{code:java}
if (a < b && c) { return "<script>"; }
{code}
{noformat}
*not bold* <tag>
{noformat}
{quote}
quoted *text*
{quote}
{panel:title=Heads up}
inside
{panel}
bq. one-line quote
----
!screenshot.png|thumbnail! and [^report.pdf]"""


def test_common_markup_renders_to_html():
    options = RenderOptions(
        attachments={"screenshot.png": AttachmentLink("../../attachments/A-1/screenshot.png", True)}
    )
    html = wiki_to_html(MARKUP, options)
    for fragment in (
        "<h1>Release <strong>notes</strong></h1>",
        "<em>emphasis</em>",
        "<del>strike</del>",
        "<ins>inserted</ins>",
        "<sup>sup</sup>",
        "<sub>sub</sub>",
        "<cite>cite</cite>",
        "<code>mono &lt;b&gt;</code>",
        "Second line<br>forced break",
        '<a href="https://example.com/a?x=1&amp;y=2" rel="noopener noreferrer nofollow">docs</a>',
        '<a href="https://bare.example.org" rel="noopener noreferrer nofollow">https://bare.example.org</a>',
        '<span class="mention">@jdoe</span>',
        "Escaped *stars* and snake_case_name stay literal; 2-3-4 too.",
        "<ul><li>one<ul><li>one.one</li></ul></li><li>two</li></ul><ol><li>first</li><li>second</li></ol>",
        '<tr><th>Name</th><th>Value</th></tr><tr><td>a</td><td><a href="https://b.example"',
        '<pre><code class="language-java">if (a &lt; b &amp;&amp; c) '
        "{ return &quot;&lt;script&gt;&quot;; }</code></pre>",
        "<pre><code>*not bold* &lt;tag&gt;</code></pre>",
        "<blockquote><p>quoted <strong>text</strong></p></blockquote>",
        '<div class="panel panel-info"><p class="panel-title">Heads up</p><p>inside</p></div>',
        "<blockquote><p>one-line quote</p></blockquote>",
        "<hr>",
        '<a href="../../attachments/A-1/screenshot.png">'
        '<img src="../../attachments/A-1/screenshot.png" alt="screenshot.png"></a>',
        '<span class="media">[attachment: report.pdf]</span>',
    ):
        assert fragment in html, fragment


def test_common_markup_renders_to_text():
    text = wiki_to_text(MARKUP)
    assert text.splitlines()[:3] == [
        "Release notes",
        "Intro with emphasis, strike, inserted, sup, sub, cite and mono <b>.",
        "Second line",
    ]
    for line in (
        "- one",
        "  - one.one",
        "1. first",
        "2. second",
        "Name | Value",
        "a | b (https://b.example)",
        'if (a < b && c) { return "<script>"; }',
        "*not bold* <tag>",
        "quoted text",
        "Heads up",
        "[attachment: screenshot.png] and [attachment: report.pdf]",
        "----",
    ):
        assert line in text.splitlines(), line
    assert "docs (https://example.com/a?x=1&y=2)" in text and "@jdoe" in text


@pytest.mark.parametrize(
    "markup",
    [
        "[x|javascript:alert(1)]",
        "[javascript:alert(1)]",
        "[x|JAVASCRIPT:alert(1)]",
        "[x| java\tscript:alert(1)]",
        "[x|data:text/html;base64,PHNjcmlwdD4=]",
        "[x|vbscript:msgbox]",
    ],
)
def test_unsafe_links_are_not_links(markup):
    html = wiki_to_html(markup)
    assert "<a" not in html and "href" not in html


def test_html_in_markup_is_text():
    html = wiki_to_html(
        '<script>alert(1)</script> <img src=x onerror=alert(1)> "><svg/onload=alert(1)>\n{html}<b>x</b>{html}'
    )
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_nested_lists_close_properly():
    html = wiki_to_html("* a\n*** deep\n* b\n#* mixed")
    assert html == (
        "<ul><li>a<ul><li><ul><li>deep</li></ul></li></ul></li><li>b</li></ul>"
        "<ol><li><ul><li>mixed</li></ul></li></ol>"
    )


def test_unclosed_code_block_takes_the_rest():
    assert wiki_to_html("{code}\nx < y") == "<pre><code>x &lt; y</code></pre>"


def test_pathological_input_finishes():
    assert wiki_to_text("*a" * 20000).startswith("*a*a")
    assert "[" in wiki_to_text("[" * 5000 + "]" * 5000)


def test_colour_macros_keep_their_text():
    assert wiki_to_html("{color:red}<alert>{color} done") == "<p>&lt;alert&gt; done</p>"
    assert wiki_to_text("{color:#ff0000}red{color}") == "red"


def test_backslashes_escape_only_markup():
    assert wiki_to_text(r"C:\Users\new \*lit\* \[x\]") == r"C:\Users\new *lit* [x]"
