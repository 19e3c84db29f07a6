"""A tiny rich-text model rendered as ADF (v3), wiki markup (v2) and HTML (renderedFields)."""

import random
from collections.abc import Callable
from dataclasses import dataclass

from jiraex_jira_sim.dataset.rng import below, between, pick
from jiraex_jira_sim.dataset.text import sentence


@dataclass(frozen=True, slots=True)
class Run:
    """A run of text with optional marks ("strong", "em", "code") and link target, or a user mention.

    A mention carries an arbitrary number that the renderer maps onto its user pool, so documents can be
    generated without knowing the pool.
    """

    text: str
    marks: tuple[str, ...] = ()
    href: str | None = None
    mention: int | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """kind is "paragraph", "heading", "bullets", "code" or "quote".

    paragraph/heading/quote use `runs`; bullets uses `items` (one run tuple per item); code uses `text`.
    """

    kind: str
    runs: tuple[Run, ...] = ()
    items: tuple[tuple[Run, ...], ...] = ()
    level: int = 0
    text: str = ""
    language: str = ""


Doc = tuple[Block, ...]

_CODE = (
    ("python", 'def retry(n):\n    return [i ** 2 for i in range(n)]  # <tag> & "quotes"'),
    ("sql", "SELECT * FROM issue WHERE summary LIKE '%<script>%';"),
    ("", "plain block with [brackets], *stars* and {braces}\n\tindented"),
)


def _runs(rng: random.Random) -> tuple[Run, ...]:
    runs = [Run(sentence(rng))]
    roll = rng.random()
    if roll < 0.2:
        runs.append(Run(" "))
        runs.append(Run(sentence(rng, 0.0), (pick(rng, ("strong", "em", "code")),)))
    elif roll < 0.3:
        runs.append(Run(" see "))
        runs.append(Run("the docs", href=f"https://example.com/docs?q={between(rng, 1, 999)}&lang=en"))
    elif roll < 0.4:
        runs.append(Run(" cc "))
        runs.append(Run("", mention=below(rng, 1 << 16)))
    return tuple(runs)


def generate_doc(rng: random.Random, max_blocks: int = 4) -> Doc:
    """A short document: mostly paragraphs, sometimes a heading, bullet list, code block or quote."""
    blocks: list[Block] = []
    for _ in range(between(rng, 1, max_blocks)):
        roll = rng.random()
        if roll < 0.6:
            blocks.append(Block("paragraph", runs=_runs(rng)))
        elif roll < 0.7:
            blocks.append(Block("heading", runs=(Run(sentence(rng, 0.0)),), level=between(rng, 1, 3)))
        elif roll < 0.85:
            items = tuple(_runs(rng) for _ in range(between(rng, 1, 4)))
            blocks.append(Block("bullets", items=items))
        elif roll < 0.95:
            language, code = pick(rng, _CODE)
            blocks.append(Block("code", text=code, language=language))
        else:
            blocks.append(Block("quote", runs=_runs(rng)))
    return tuple(blocks)


def doc_text(doc: Doc, mention_text: Callable[[int], str] = lambda k: f"@user{k}") -> str:
    """The plain text of a document, block by block; what every rendering must preserve."""

    def inline(runs: tuple[Run, ...]) -> str:
        return "".join(mention_text(r.mention) if r.mention is not None else r.text for r in runs)

    lines: list[str] = []
    for block in doc:
        if block.kind == "code":
            lines.append(block.text)
        elif block.kind == "bullets":
            lines.extend(inline(item) for item in block.items)
        else:
            lines.append(inline(block.runs))
    return "\n".join(lines)
