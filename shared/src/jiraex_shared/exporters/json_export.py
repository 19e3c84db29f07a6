"""``issues.json``: one JSON array, written an issue at a time."""

from pathlib import Path
from typing import BinaryIO

from jiraex_shared.exporters.context import ExportContext
from jiraex_shared.exporters.issue_json import issue_document
from jiraex_shared.exporters.json_encoding import encode_sorted
from jiraex_shared.exporters.records import IssueRecord

FILE_NAME = "issues.json"
BUFFER_SIZE = 256 * 1024


class JsonArrayWriter:
    """Writes ``[`` first, one sorted-key object per issue separated by ",\\n", and ``]`` at close."""

    name = "json"

    def __init__(self) -> None:
        self._out: BinaryIO | None = None
        self._context: ExportContext | None = None
        self._first = True

    def open(self, directory: Path, context: ExportContext) -> None:
        self._context = context
        self._out = (directory / FILE_NAME).open("wb", buffering=BUFFER_SIZE)
        self._out.write(b"[\n")
        self._first = True

    def write(self, record: IssueRecord) -> None:
        if self._out is None or self._context is None:
            raise RuntimeError("open() the writer before writing")
        self._out.write(
            (b"" if self._first else b",\n") + encode_sorted(issue_document(record, self._context))
        )
        self._first = False

    def close(self) -> list[Path]:
        if self._out is None:
            raise RuntimeError("open() the writer before closing it")
        self._out.write(b"]\n" if self._first else b"\n]\n")
        self._out.close()
        self._out = None
        return [Path(FILE_NAME)]
