"""``issues.ndjson``: one issue per line, the same objects as ``issues.json``."""

from pathlib import Path
from typing import BinaryIO

from jiraex_shared.exporters.context import ExportContext
from jiraex_shared.exporters.issue_json import issue_document
from jiraex_shared.exporters.json_encoding import encode_sorted
from jiraex_shared.exporters.records import IssueRecord

FILE_NAME = "issues.ndjson"
BUFFER_SIZE = 256 * 1024


class NdjsonWriter:
    """Writes each issue as one sorted-key JSON line ending in "\\n"."""

    name = "ndjson"

    def __init__(self) -> None:
        self._out: BinaryIO | None = None
        self._context: ExportContext | None = None

    def open(self, directory: Path, context: ExportContext) -> None:
        self._context = context
        self._out = (directory / FILE_NAME).open("wb", buffering=BUFFER_SIZE)

    def write(self, record: IssueRecord) -> None:
        if self._out is None or self._context is None:
            raise RuntimeError("open() the writer before writing")
        self._out.write(encode_sorted(issue_document(record, self._context)) + b"\n")

    def close(self) -> list[Path]:
        if self._out is None:
            raise RuntimeError("open() the writer before closing it")
        self._out.close()
        self._out = None
        return [Path(FILE_NAME)]
