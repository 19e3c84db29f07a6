"""The format writers as one closed set: a dict from format name to writer class, no plugin registry."""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from jiraex_shared.exporters.context import ExportContext
from jiraex_shared.exporters.csv_export import CsvWriter
from jiraex_shared.exporters.html_export import HtmlWriter
from jiraex_shared.exporters.json_export import JsonArrayWriter
from jiraex_shared.exporters.ndjson_export import NdjsonWriter
from jiraex_shared.exporters.records import IssueRecord
from jiraex_shared.exporters.xml_export import XmlWriter


class FormatWriter(Protocol):
    """Streams issues into one format's files inside a staging directory; synchronous (run it in a thread)."""

    name: str

    def open(self, directory: Path, context: ExportContext) -> None: ...

    def write(self, record: IssueRecord) -> None: ...

    def close(self) -> list[Path]:
        """Finish the files; return them relative to the directory (a directory stands for all below it)."""
        ...


WRITERS: dict[str, Callable[[], FormatWriter]] = {
    "json": JsonArrayWriter,
    "ndjson": NdjsonWriter,
    "csv": CsvWriter,
    "xml": XmlWriter,
    "html": HtmlWriter,
}


def create_writers(formats: Sequence[str]) -> list[FormatWriter]:
    """One fresh writer per requested format, in the order given; unknown or repeated formats are an error."""
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise ValueError(f"unknown export formats {unknown}; expected some of {list(WRITERS)}")
    if len(set(formats)) != len(formats):
        raise ValueError(f"export formats must not repeat: {list(formats)}")
    return [WRITERS[f]() for f in formats]
