"""Render the rich-text model as Atlassian Document Format (REST v3 bodies)."""

import re
from typing import Any

from jiraex_jira_sim.dataset.mentions import Mentions
from jiraex_jira_sim.dataset.richtext import Doc, Run

_BREAK = re.compile(r"\r\n|\r|\n")


def _marks(run: Run) -> list[dict[str, Any]]:
    marks: list[dict[str, Any]] = [{"type": m} for m in run.marks]
    if run.href:
        marks.append({"type": "link", "attrs": {"href": run.href}})
    return marks


def _inline(runs: tuple[Run, ...], people: Mentions | None) -> list[dict[str, Any]]:
    # ADF forbids newlines and empty strings inside text nodes: line breaks become hardBreak nodes
    nodes: list[dict[str, Any]] = []
    for run in runs:
        if run.mention is not None:
            nodes.append(people.adf(run.mention) if people else {"type": "text", "text": f"@user{run.mention}"})
            continue
        marks = _marks(run)
        for n, part in enumerate(_BREAK.split(run.text)):
            if n:
                nodes.append({"type": "hardBreak"})
            if part:
                node: dict[str, Any] = {"type": "text", "text": part}
                if marks:
                    node["marks"] = marks
                nodes.append(node)
    return nodes


def _paragraph(runs: tuple[Run, ...], people: Mentions | None) -> dict[str, Any]:
    return {"type": "paragraph", "content": _inline(runs, people)}


def to_adf(doc: Doc, people: Mentions | None = None) -> dict[str, Any]:
    """The ADF document Jira Cloud returns for description, comment bodies and textarea fields."""
    content: list[dict[str, Any]] = []
    for block in doc:
        if block.kind == "paragraph":
            content.append(_paragraph(block.runs, people))
        elif block.kind == "heading":
            content.append({"type": "heading", "attrs": {"level": block.level}, "content": _inline(block.runs, people)})
        elif block.kind == "bullets":
            items = [{"type": "listItem", "content": [_paragraph(item, people)]} for item in block.items]
            content.append({"type": "bulletList", "content": items})
        elif block.kind == "code":
            node: dict[str, Any] = {"type": "codeBlock", "content": [{"type": "text", "text": block.text}]}
            if block.language:
                node["attrs"] = {"language": block.language}
            content.append(node)
        elif block.kind == "quote":
            content.append({"type": "blockquote", "content": [_paragraph(block.runs, people)]})
    return {"type": "doc", "version": 1, "content": content}
