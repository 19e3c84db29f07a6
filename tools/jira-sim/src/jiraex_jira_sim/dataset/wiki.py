"""Render the rich-text model as Jira wiki markup (REST v2 bodies)."""

import re

from jiraex_jira_sim.dataset.mentions import Mentions
from jiraex_jira_sim.dataset.richtext import Doc, Run

# characters that start wiki markup; Jira's own converter escapes them with a backslash
_SPECIAL = re.compile(r"([\\*_{}\[\]|!^~+\-?#])")
_WRAP = {"strong": "*", "em": "_"}


def escape_wiki(text: str) -> str:
    """Backslash-escape markup characters so the text renders literally."""
    return _SPECIAL.sub(r"\\\1", text)


def _run(run: Run, people: Mentions | None) -> str:
    if run.mention is not None:
        return people.wiki(run.mention) if people else f"@user{run.mention}"
    text = escape_wiki(run.text)
    for mark in run.marks:
        text = f"{{{{{text}}}}}" if mark == "code" else f"{_WRAP[mark]}{text}{_WRAP[mark]}"
    if run.href:
        text = f"[{text}|{run.href}]"
    return text


def _inline(runs: tuple[Run, ...], people: Mentions | None) -> str:
    return "".join(_run(r, people) for r in runs)


def to_wiki(doc: Doc, people: Mentions | None = None) -> str:
    """The wiki markup Jira REST v2 returns for the same content as `to_adf`."""
    parts: list[str] = []
    for block in doc:
        if block.kind == "paragraph":
            parts.append(_inline(block.runs, people))
        elif block.kind == "heading":
            parts.append(f"h{block.level}. {_inline(block.runs, people)}")
        elif block.kind == "bullets":
            parts.append("\n".join(f"* {_inline(item, people)}" for item in block.items))
        elif block.kind == "code":
            opener = f"{{code:{block.language}}}" if block.language else "{code}"
            parts.append(f"{opener}\n{block.text}\n{{code}}")
        elif block.kind == "quote":
            parts.append(f"{{quote}}\n{_inline(block.runs, people)}\n{{quote}}")
    return "\n\n".join(parts)
