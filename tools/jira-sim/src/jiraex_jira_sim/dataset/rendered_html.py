"""Render the rich-text model as the HTML Jira returns in renderedFields / renderedBody."""

import re
from html import escape

from jiraex_jira_sim.dataset.mentions import Mentions
from jiraex_jira_sim.dataset.richtext import Doc, Run

_BREAK = re.compile(r"\r\n|\r|\n")
_TAGS = {"strong": "b", "em": "em", "code": "tt"}


def _run(run: Run, people: Mentions | None) -> str:
    if run.mention is not None:
        if people is None:
            return f"@user{run.mention}"
        user = people.user(run.mention)
        rel = escape(user.account_id if people.cloud else user.name)
        return (
            f'<a href="{escape(people.profile_url(run.mention))}" class="user-hover" rel="{rel}">'
            f"{escape(people.text(run.mention))}</a>"
        )
    text = "<br/>\n".join(escape(part) for part in _BREAK.split(run.text))
    for mark in run.marks:
        tag = _TAGS[mark]
        text = f"<{tag}>{text}</{tag}>"
    if run.href:
        text = f'<a href="{escape(run.href)}" class="external-link" rel="nofollow noreferrer">{text}</a>'
    return text


def _inline(runs: tuple[Run, ...], people: Mentions | None) -> str:
    return "".join(_run(r, people) for r in runs)


def to_html(doc: Doc, people: Mentions | None = None) -> str:
    """Escaped HTML: payload text can never become markup."""
    parts: list[str] = []
    for block in doc:
        if block.kind == "paragraph":
            parts.append(f"<p>{_inline(block.runs, people)}</p>")
        elif block.kind == "heading":
            parts.append(f"<h{block.level}>{_inline(block.runs, people)}</h{block.level}>")
        elif block.kind == "bullets":
            items = "\n".join(f"\t<li>{_inline(item, people)}</li>" for item in block.items)
            parts.append(f"<ul>\n{items}\n</ul>")
        elif block.kind == "code":
            lang = escape(block.language or "java")
            parts.append(
                '<div class="code panel" style="border-width: 1px;"><div class="codeContent panelContent">\n'
                f'<pre class="code-{lang}">{escape(block.text)}</pre>\n</div></div>'
            )
        elif block.kind == "quote":
            parts.append(f"<blockquote><p>{_inline(block.runs, people)}</p></blockquote>")
    return "\n".join(parts)


def text_html(text: str) -> str:
    """A plain single-value string rendered the way Jira renders a text field."""
    return "<br/>\n".join(escape(part) for part in _BREAK.split(text))
