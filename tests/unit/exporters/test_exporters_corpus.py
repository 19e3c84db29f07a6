"""Every hostile string the Jira simulator serves, through every format: parsable, inert, neutralised."""

import csv
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from jiraex_jira_sim.dataset.attachments import AWKWARD_NAMES
from jiraex_jira_sim.dataset.text import MULTILINE_PAYLOADS, PAYLOADS

CORPUS = (*PAYLOADS, *MULTILINE_PAYLOADS)


class InertCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("src") not in ("assets/app.js", "../assets/app.js"):
            self.problems.append(f"script {attrs}")
        if tag in ("svg", "iframe", "object", "embed", "math", "base", "form"):
            self.problems.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.problems.append(f"{tag} {name}={value}")


def corpus_records(tiny_record, api_version):
    for number, payload in enumerate(CORPUS, start=1):
        body = (
            payload
            if api_version == 2
            else {
                "type": "doc",
                "version": 1,
                "content": [
                    {
                        "type": "paragraph",
                        "content": [
                            {
                                "type": "text",
                                "text": payload,
                                "marks": [{"type": "link", "attrs": {"href": payload}}],
                            }
                        ],
                    }
                ],
            }
        )
        record = tiny_record(
            number, summary=payload, description=body, labels=[payload], customfield_10200=payload
        )
        record["comments"][0]["body"] = body
        record["comments"][0]["author"] = {"displayName": payload, "accountId": payload}
        record["attachments"][0]["filename"] = AWKWARD_NAMES[number % len(AWKWARD_NAMES)]
        yield record


@pytest.mark.parametrize("api_version", [2, 3])
def test_corpus_survives_every_format(tmp_path, make_context, run_writers, tiny_record, api_version):
    run_writers(tmp_path, make_context(api_version=api_version), corpus_records(tiny_record, api_version))
    summaries = [
        json.loads(line)["fields"]["summary"] for line in (tmp_path / "issues.ndjson").open(encoding="utf-8")
    ]
    assert summaries == list(CORPUS)
    assert len(json.loads((tmp_path / "issues.json").read_text(encoding="utf-8"))) == len(CORPUS)
    items = ET.parse(tmp_path / "issues.xml").getroot().findall("channel/item")
    assert len(items) == len(CORPUS)
    with (tmp_path / "csv" / "issues.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == len(CORPUS) + 1
    for row in rows[1:]:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r" or cell.lstrip("+-").replace(".", "", 1).isdigit(), (
                cell
            )
    for page in (tmp_path / "html").rglob("*.html"):
        checker = InertCheck()
        checker.feed(page.read_text(encoding="utf-8"))
        assert checker.problems == [], (page.name, checker.problems)
