"""``html/``: an offline static site, one page per issue written as it arrives and an index at close."""

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import msgspec

from jiraex_shared.exporters.attachment_paths import safe_segment
from jiraex_shared.exporters.context import ExportContext
from jiraex_shared.exporters.html_index import ISSUES_DIR, IndexRow, index_row, write_index
from jiraex_shared.exporters.html_layout import ASSETS_DIR, SCRIPT, STYLESHEET, asset_bytes
from jiraex_shared.exporters.html_pages import IssuePageBuilder
from jiraex_shared.exporters.json_encoding import encode_sorted
from jiraex_shared.exporters.records import IssueRecord, issue_key

HTML_DIR = "html"
_JIRA_KEY = re.compile(r"[A-Z][A-Z0-9_]*-[0-9]+")
BUFFER_SIZE = 256 * 1024


def page_file_name(key: str) -> str:
    """``KEY-1.html`` for a real Jira key; anything else is made safe and suffixed with a digest of the key.

    Real keys are upper-case and unique, so their pages cannot collide, even on case-insensitive
    disks; the digest keeps odd keys ("a/b" vs "A/B") apart without remembering every name written.
    """
    if _JIRA_KEY.fullmatch(key):
        return f"{key}.html"
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()
    return f"{safe_segment(key, 'issue')}-{digest}.html"


class HtmlWriter:
    """Streams issue pages to ``html/issues/`` and spools index rows to a temporary file.

    Memory stays bounded: a page is rendered and written per issue and the index rows go to disk.
    ``close`` returns the index, the two assets and the ``html/issues`` folder, which stands for
    every page below it (listing 100,000 pages here would cost more memory than the whole export).
    """

    name = "html"

    def __init__(self) -> None:
        self._root: Path | None = None
        self._context: ExportContext | None = None
        self._pages: IssuePageBuilder | None = None
        self._rows: IO[bytes] | None = None
        self._count = 0

    def open(self, directory: Path, context: ExportContext) -> None:
        self._root = directory / HTML_DIR
        (self._root / ISSUES_DIR).mkdir(parents=True, exist_ok=True)
        (self._root / ASSETS_DIR).mkdir(parents=True, exist_ok=True)
        self._context = context
        self._pages = IssuePageBuilder(context)
        self._rows = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self._count = 0

    def write(self, record: IssueRecord) -> None:
        if self._root is None or self._pages is None or self._rows is None:
            raise RuntimeError("open() the writer before writing")
        page_file = page_file_name(issue_key(record))
        page = self._pages.render(record)
        # os.path, not pathlib: Python 3.11's pathlib interns every path part, which would keep one
        # string per issue page alive for the life of the process.
        with open(
            os.path.join(self._root, ISSUES_DIR, page_file), "w", encoding="utf-8", newline="\n"
        ) as out:
            out.write(page)
        self._rows.write(encode_sorted(index_row(record, page_file)) + b"\n")
        self._count += 1

    @staticmethod
    def _spooled_rows(spool: IO[bytes]) -> Iterator[IndexRow]:
        spool.seek(0)
        decoder = msgspec.json.Decoder(list[str])
        for line in spool:
            yield decoder.decode(line)

    def close(self) -> list[Path]:
        if self._root is None or self._context is None or self._rows is None:
            raise RuntimeError("open() the writer before closing it")
        for asset in (STYLESHEET, SCRIPT):
            (self._root / ASSETS_DIR / asset).write_bytes(asset_bytes(asset))
        with (self._root / "index.html").open(
            "w", encoding="utf-8", newline="\n", buffering=BUFFER_SIZE
        ) as out:
            write_index(out, self._context, self._spooled_rows(self._rows), self._count)
        self._rows.close()
        self._rows = None
        html = Path(HTML_DIR)
        return [
            html / "index.html",
            html / ASSETS_DIR / STYLESHEET,
            html / ASSETS_DIR / SCRIPT,
            html / ISSUES_DIR,
        ]
