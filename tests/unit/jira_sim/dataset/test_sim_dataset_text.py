"""ADF (v3), wiki markup (v2) and rendered HTML carry the same text; hostile payloads are present."""

import html
import re

from jiraex_jira_sim.dataset import Dataset, FieldSpec
from jiraex_jira_sim.dataset.adf import to_adf
from jiraex_jira_sim.dataset.mentions import Mentions
from jiraex_jira_sim.dataset.rendered_html import to_html
from jiraex_jira_sim.dataset.richtext import Doc, doc_text, generate_doc
from jiraex_jira_sim.dataset.rng import sub_rng
from jiraex_jira_sim.dataset.text import PAYLOADS
from jiraex_jira_sim.dataset.wiki import to_wiki


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _adf_text(node: dict) -> str:
    kind = node["type"]
    if kind == "text":
        return node["text"]
    if kind == "mention":
        return node["attrs"]["text"]
    if kind == "hardBreak":
        return "\n"
    inner = [_adf_text(child) for child in node.get("content", [])]
    return "\n".join(inner) if kind in ("doc", "bulletList", "listItem") else "".join(inner)


def _wiki_inline(s: str, people: dict[str, str]) -> str:
    out, i = [], 0
    while i < len(s):
        if s.startswith("[~", i):
            end = s.index("]", i)
            out.append(people[s[i + 2 : end]])
            i = end + 1
        elif s[i] == "\\" and i + 1 < len(s):
            out.append(s[i + 1])
            i += 2
        elif s.startswith("{{", i):
            end = s.index("}}", i)
            out.append(_wiki_inline(s[i + 2 : end], people))
            i = end + 2
        elif s[i] == "[":
            bar = s.index("|", i)
            end = s.index("]", bar)
            out.append(_wiki_inline(s[i + 1 : bar], people))
            i = end + 1
        elif s[i] in "*_":
            i += 1  # unescaped: a strong/emphasis marker
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def _wiki_text(wiki: str, people: dict[str, str]) -> str:
    out, in_code = [], False
    for line in wiki.splitlines():
        if line.startswith("{code"):
            in_code = not in_code if line == "{code}" else True
            continue
        if in_code:
            out.append(line)
        elif line == "{quote}":
            continue
        elif re.match(r"h[1-6]\. ", line):
            out.append(_wiki_inline(line[4:], people))
        elif line.startswith("* "):
            out.append(_wiki_inline(line[2:], people))
        else:
            out.append(_wiki_inline(line, people))
    return "\n".join(out)


def _html_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _wiki_people(ds: Dataset) -> dict[str, str]:
    """Wiki mention references of both deployments -> the ADF mention text."""
    refs = {f"accountid:{u.account_id}": f"@{u.display_name}" for u in ds.users}
    refs.update({u.name: f"@{u.display_name}" for u in ds.users})
    return refs


def _docs() -> list[Doc]:
    return [generate_doc(sub_rng(99, k), 6) for k in range(400)]


def test_adf_wiki_and_html_carry_the_same_text(ds: Dataset) -> None:
    wiki_people = _wiki_people(ds)
    mentioned = 0
    for cloud in (True, False):
        people = Mentions(ds.users, "http://x", cloud)
        for doc in _docs():
            expected = _lines(doc_text(doc, people.text))
            mentioned += any(r.mention is not None for b in doc for r in b.runs)
            assert _lines(_adf_text(to_adf(doc, people))) == expected
            assert _lines(_wiki_text(to_wiki(doc, people), wiki_people)) == expected
            assert _lines(_html_text(to_html(doc, people))) == expected
            # without a user pool, mentions degrade to plain text rather than failing
            assert _lines(_adf_text(to_adf(doc))) == _lines(doc_text(doc))
    assert mentioned > 10


def test_adf_is_well_formed() -> None:
    for doc in _docs():
        adf = to_adf(doc)
        assert (adf["type"], adf["version"]) == ("doc", 1)
        stack = [(node, "doc") for node in adf["content"]]
        while stack:
            node, parent = stack.pop()
            if node["type"] == "text":
                assert node["text"]  # ADF rejects empty text nodes
                if parent != "codeBlock":
                    assert not re.search(r"[\r\n]", node["text"])  # line breaks are hardBreak nodes
            stack.extend((child, node["type"]) for child in node.get("content", []))


def test_html_never_contains_live_markup_from_payloads() -> None:
    for doc in _docs():
        markup = to_html(doc)
        assert "<script>" not in markup
        assert "<img" not in markup
        assert "<svg" not in markup


def test_dataset_text_carries_every_kind_of_payload(ds: Dataset) -> None:
    r2 = ds.renderer(2, "http://x", "server")
    texts = [ds.summary(i) for i in range(len(ds))]
    for i in range(len(ds)):
        f = r2.issue(
            i, FieldSpec.parse(["description", "comment", "customfield_10107", "customfield_10201"]), frozenset()
        )["fields"]
        texts += [f["description"] or "", f["customfield_10107"] or "", f["customfield_10201"] or ""]
        texts += [c["body"] for c in f["comment"]["comments"]]
    blob = "\n".join(texts)
    for needle in (
        "<script>alert(1)</script>",
        "onerror=",
        "=HYPERLINK(",
        "+cmd|",
        "-1+2",
        "@SUM(",
        "مرحبا",
        "שלום",
        "🚀",
        "\x07",
        "\x1b",
        "\u202e",
    ):
        assert needle in blob or needle.replace("+", "\\+").replace("-", "\\-") in blob, needle


def test_v2_and_v3_bodies_render_the_same_comment(ds: Dataset, heavy: int) -> None:
    v3 = ds.renderer(3, "http://x", "cloud").comments(heavy, 0, 30)["comments"]
    v2 = ds.renderer(2, "http://x", "cloud").comments(heavy, 0, 30)["comments"]
    for a, b in zip(v3, v2, strict=True):
        assert a["id"] == b["id"]
        assert isinstance(a["body"], dict)
        assert isinstance(b["body"], str)
        assert _lines(_adf_text(a["body"])) == _lines(_wiki_text(b["body"], _wiki_people(ds)))


def test_payload_corpus_has_xml_forbidden_controls_and_no_nul() -> None:
    joined = "".join(PAYLOADS)
    assert any(ch in joined for ch in "\x07\x0b\x0c\x1b\x1f")
    assert "\x00" not in joined  # Jira's databases cannot store NUL either


def test_mentions_identify_users_per_deployment(ds: Dataset) -> None:
    cloud, server = Mentions(ds.users, "http://x", True), Mentions(ds.users, "http://x", False)
    for k in range(0, 2000, 37):
        user = cloud.user(k)
        assert user.account_type == "atlassian"  # the automation app account is never mentioned
        assert cloud.adf(k)["attrs"]["id"] == user.account_id
        assert cloud.wiki(k) == f"[~accountid:{user.account_id}]"
        assert server.wiki(k) == f"[~{user.name}]"
        assert cloud.text(k) == server.text(k) == f"@{user.display_name}"
