"""Plain-text corpus: ordinary sentences plus the hostile payloads every exporter must survive."""

import random
from functools import cache

from jiraex_jira_sim.dataset.rng import between, pick

# Each payload stays on one line unless it is explicitly about line breaks (summaries need one line).
PAYLOADS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(document.domain)>",
    "\"><svg/onload=alert('xss')>",
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-1+2",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+2;=A1",
    "مرحبا بالعالم — نص عربي",
    "שלום עולם — טקסט בעברית",
    "\u202eexe.txt (right-to-left override)",
    "Deploy 🚀 done ✅ by 👩🏽‍💻 🇺🇦",
    "Ünïcödé façade naïve — 日本語テキスト — 中文 — Ελληνικά — русский",
    "combining e\u0301 and zero\u200bwidth and NBSP\u00a0here",
    "bell\x07 vtab\x0b formfeed\x0c escape\x1b unitsep\x1f end",
    "noncharacter \ufffe and \uffff inside",
    "'; DROP TABLE issues; --",
    "{{7*7}} ${7*7} <%= 7*7 %> #{7*7}",
    "*not bold* _not italic_ [not a link|http://x] {code}not code{code} ||not|| table|",
    "]]> <![CDATA[ x ]]> &amp; &lt;tag&gt; & < >",
    "comma, \"double quote\" and 'single' ; semicolon\ttab",
    "../../etc/passwd and ..\\..\\windows\\win.ini",
    "Supercalifragilistic" * 12,
)
MULTILINE_PAYLOADS: tuple[str, ...] = (
    "line one\nline two\r\nline three\rline four",
    "trailing spaces   \n\n\nafter blank lines",
)

_VERBS = ("Fix", "Improve", "Investigate", "Refactor", "Add", "Remove", "Document", "Migrate", "Speed up", "Harden")
_OBJECTS = (
    "login redirect",
    "export to CSV",
    "search pagination",
    "attachment upload",
    "billing report",
    "notification e-mails",
    "API rate limiting",
    "dark mode",
    "audit log",
    "user avatars",
    "webhook retries",
    "password reset flow",
)
_CONTEXTS = (
    "when the session expires",
    "for very large projects",
    "on Safari",
    "after the upgrade",
    "in the mobile app",
    "for right-to-left locales",
    "under load",
    "for archived projects",
    "",
    "behind a proxy",
)
_WORDS = (
    "the",
    "a",
    "service",
    "request",
    "timeout",
    "user",
    "page",
    "cache",
    "value",
    "response",
    "server",
    "client",
    "field",
    "issue",
    "token",
    "query",
    "error",
    "retry",
    "report",
    "build",
    "deploy",
    "latency",
    "config",
    "customer",
    "release",
    "window",
    "header",
    "stream",
    "file",
    "backup",
)


def summary_text(rng: random.Random, payload_chance: float = 0.15) -> str:
    """One-line issue summary; some carry a payload so that escaping is exercised everywhere."""
    text = f"{pick(rng, _VERBS)} {pick(rng, _OBJECTS)} {pick(rng, _CONTEXTS)}".strip()
    if rng.random() < payload_chance:
        text = f"{text} {pick(rng, PAYLOADS)}"
    return text[:255]


@cache
def _sentence_pool() -> tuple[str, ...]:
    """1024 fixed prose sentences, built once on first use; picking one is ~20x cheaper than composing one."""
    rng = random.Random(0x5EED)  # noqa: S311 - corpus text, not secrets
    rnd, size = rng.random, len(_WORDS)
    pool = []
    for _ in range(1024):
        words = [_WORDS[int(rnd() * size)] for _ in range(4 + int(rnd() * 11))]
        pool.append(" ".join(words).capitalize() + ".")
    return tuple(pool)


def sentence(rng: random.Random, payload_chance: float = 0.1) -> str:
    """A short prose sentence, sometimes with a payload or a multi-line oddity embedded."""
    pool = _sentence_pool()
    text = pool[int(rng.random() * len(pool))]
    roll = rng.random()
    if roll < payload_chance:
        text = f"{text} {pick(rng, PAYLOADS)}"
    elif roll < payload_chance * 1.2:
        text = f"{text} {pick(rng, MULTILINE_PAYLOADS)}"
    return text


def short_value(rng: random.Random) -> str:
    """A single-line textfield value; often a payload because those end up in CSV cells."""
    if rng.random() < 0.4:
        return pick(rng, PAYLOADS)
    return f"EXT-{between(rng, 1, 99999)} {pick(rng, _OBJECTS)}"
