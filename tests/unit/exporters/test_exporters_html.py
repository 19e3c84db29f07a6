"""The offline HTML site: complete pages, local assets only, and no script from Jira content, ever."""

import re
from html.parser import HTMLParser
from pathlib import Path

from jiraex_shared.contracts.commands import ExportInclude
from jiraex_shared.exporters.html_layout import CONTENT_SECURITY_POLICY

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg/onload=alert('xss')>",
    "</textarea></title><script>alert(2)</script>",
    '<a href="javascript:alert(3)">x</a>',
    "]]> <![CDATA[ x ]]> &amp; &lt;tag&gt;",
    "\u202eexe.txt",
)


class TagCollector(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = TagCollector()
    parser.feed(html)
    return parser.tags


def hostile_record(tiny_record, api_version: int):
    payload = " ".join(PAYLOADS)
    rich = (
        {
            "type": "doc",
            "version": 1,
            "content": [
                {
                    "type": "paragraph",
                    "content": [
                        {"type": "text", "text": payload},
                        {
                            "type": "text",
                            "text": "click",
                            "marks": [{"type": "link", "attrs": {"href": "javascript:alert(4)"}}],
                        },
                        {"type": "mention", "attrs": {"text": "<script>alert(5)</script>"}},
                    ],
                }
            ],
        }
        if api_version == 3
        else payload
        + " [x|javascript:alert(1)] {html}<script>alert(6)</script>{html} !x.png|onerror=alert(1)!"
    )
    record = tiny_record(
        1,
        summary=payload,
        description=rich,
        labels=list(PAYLOADS),
        customfield_10200=payload,
        customfield_10100={"value": payload},
    )
    record["key"] = "DEMO-1"
    record["comments"][0]["body"] = rich
    record["comments"][0]["author"]["displayName"] = "<b>Bold</b> Name <script>alert(7)</script>"
    record["changelog"][0]["items"][0]["toString"] = payload
    record["worklogs"][0]["comment"] = rich
    record["attachments"][0]["filename"] = "<script>alert(1)</script>.html"
    return record


def all_pages(directory: Path) -> list[Path]:
    return sorted((directory / "html").rglob("*.html"))


def test_no_script_from_jira_content_ever_appears(tmp_path, make_context, run_writers, tiny_record):
    for api_version in (2, 3):
        out = tmp_path / f"v{api_version}"
        run_writers(
            out, make_context(api_version=api_version), [hostile_record(tiny_record, api_version)], ["html"]
        )
        for page in all_pages(out):
            html = page.read_text(encoding="utf-8")
            assert "<script" not in html.replace('<script src="../assets/app.js"></script>', "").replace(
                '<script src="assets/app.js"></script>', ""
            ), page
            for tag, attributes in tags_of(html):
                assert tag not in {"svg", "iframe", "object", "embed", "textarea"}, (page, tag)
                assert not any(name.startswith("on") for name in attributes), (page, tag, attributes)
                for name in ("href", "src"):
                    value = (attributes.get(name) or "").strip().lower()
                    assert not value.startswith(("javascript:", "data:", "vbscript:")), (page, value)
                if tag == "script":
                    assert attributes == {"src": "assets/app.js"} or attributes == {"src": "../assets/app.js"}
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, "the payload is shown as text"


def test_pages_carry_a_strict_csp_and_load_only_local_files(tmp_path, make_context, run_writers, tiny_record):
    run_writers(tmp_path, make_context(), [tiny_record(1), tiny_record(2)], ["html"])
    for page in all_pages(tmp_path):
        html = page.read_text(encoding="utf-8")
        assert f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">' in html
        assert html.index("Content-Security-Policy") < html.index("<link")
        assert "style=" not in html, "inline styles would be blocked by the CSP"
        for tag, attributes in tags_of(html):
            if tag in ("link", "script", "img"):
                target = attributes.get("href") or attributes.get("src") or ""
                assert "://" not in target and not target.startswith("/"), (page, target)
    assert CONTENT_SECURITY_POLICY.startswith(
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:"
    )
    assert (tmp_path / "html" / "assets" / "style.css").stat().st_size > 0
    script = (tmp_path / "html" / "assets" / "app.js").read_text(encoding="utf-8")
    assert "fetch(" not in script and "XMLHttpRequest" not in script and "eval(" not in script


def test_index_lists_every_issue_with_links_and_columns(tmp_path, make_context, run_writers, tiny_record):
    produced = run_writers(tmp_path, make_context(), [tiny_record(n) for n in (2, 10, 1)], ["html"])
    assert [p.as_posix() for p in produced] == [
        "html/index.html",
        "html/assets/style.css",
        "html/assets/app.js",
        "html/issues",
    ]
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="issues/([^"]+)">', index) == ["DEMO-2.html", "DEMO-10.html", "DEMO-1.html"]
    assert '<input type="search" id="filter"' in index and '<table id="issues" class="sortable">' in index
    assert '<th scope="col">Key</th><th scope="col">Summary</th><th scope="col">Status</th>' in index
    assert "<td>Issue 10</td><td>To Do</td>" in index and "<td>Mia Krystof</td>" in index
    assert index.rstrip().endswith('<script src="assets/app.js"></script>\n</body>\n</html>'.rstrip())
    assert sorted(p.name for p in (tmp_path / "html" / "issues").iterdir()) == [
        "DEMO-1.html",
        "DEMO-10.html",
        "DEMO-2.html",
    ]


def test_issue_page_shows_fields_by_name_rich_text_history_worklogs(
    tmp_path, make_context, run_writers, tiny_record
):
    run_writers(tmp_path, make_context(), [tiny_record(1)], ["html"])
    page = (tmp_path / "html" / "issues" / "DEMO-1.html").read_text(encoding="utf-8")
    assert '<h1><span class="key">DEMO-1</span>Issue 1</h1>' in page
    assert '<a href="../index.html">All issues</a>' in page
    assert 'href="https://example.atlassian.net/browse/DEMO-1"' in page
    for row in (
        '<th scope="row">Team [customfield_10100]</th><td>Platform</td>',
        '<th scope="row">Team [customfield_10200]</th><td>Core</td>',
        '<th scope="row">Story Points</th><td>3</td>',
        '<th scope="row">Labels</th><td>a; b</td>',
    ):
        assert row in page
    assert '<h2>Description</h2>\n<div class="rich"><p>Hello <strong>world</strong></p></div>' in page
    assert '<a href="../../attachments/DEMO-1/shot.png">shot.png</a>' in page
    assert "<h2>Comments (1)</h2>" in page and "<p>Looks good</p>" in page
    assert "<h2>Work log (1)</h2>" in page and "<td>1h</td><td>3600</td>" in page
    assert "<h2>History (1)</h2>" in page and "<td>status</td><td>To Do</td><td>In Progress</td>" in page


def test_attachment_links_are_percent_encoded_and_missing_ones_marked(
    tmp_path, make_context, run_writers, tiny_record
):
    record = tiny_record(1)
    record["attachments"] = [
        {"id": "1", "filename": "a #1?.png", "path": "attachments/DEMO-1/a #1_.png", "mimeType": "image/png"},
        {"id": "2", "filename": "gone.txt", "path": None},
    ]
    run_writers(tmp_path, make_context(), [record], ["html"])
    page = (tmp_path / "html" / "issues" / "DEMO-1.html").read_text(encoding="utf-8")
    assert 'href="../../attachments/DEMO-1/a%20%231_.png"' in page
    assert 'gone.txt <span class="muted">(not downloaded)</span>' in page


def test_left_out_parts_have_no_sections(tmp_path, make_context, run_writers, tiny_record):
    context = make_context(
        include=ExportInclude(comments=False, changelog=False, worklogs=False, attachments=False)
    )
    run_writers(tmp_path, context, [tiny_record(1)], ["html"])
    page = (tmp_path / "html" / "issues" / "DEMO-1.html").read_text(encoding="utf-8")
    assert all(f'id="{s}"' not in page for s in ("comments", "history", "worklogs", "attachments"))


def test_awkward_keys_get_safe_unique_page_names(tmp_path, make_context, run_writers, tiny_record):
    records = []
    for key in ("DEMO-7", "../../evil", "CON", "a/b", "A/B"):
        record = tiny_record(1)
        record["key"] = key
        records.append(record)
    run_writers(tmp_path, make_context(), records, ["html"])
    names = sorted(p.name for p in (tmp_path / "html" / "issues").iterdir())
    assert len(names) == 5 and "DEMO-7.html" in names
    prefixes = sorted(name.rsplit("-", 1)[0] for name in names if name != "DEMO-7.html")
    assert prefixes == [".._.._evil", "A_B", "_CON", "a_b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html"]
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="issues/{name}"' in index for name in names)
