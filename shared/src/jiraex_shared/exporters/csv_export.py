"""``csv/*.csv``: issues with human column names, plus comments, changelog, worklogs and attachments."""

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from jiraex_shared.exporters.context import ExportContext
from jiraex_shared.exporters.csv_cells import safe_cell
from jiraex_shared.exporters.csv_columns import (
    ATTACHMENT_HEADERS,
    CHANGELOG_HEADERS,
    COMMENT_HEADERS,
    KEY_HEADERS,
    WORKLOG_HEADERS,
    FieldColumn,
    issue_columns,
)
from jiraex_shared.exporters.csv_rows import attachment_rows, changelog_rows, comment_rows, worklog_rows
from jiraex_shared.exporters.field_names import FieldDictionary
from jiraex_shared.exporters.flatten import flatten
from jiraex_shared.exporters.records import IssueRecord, issue_fields

CSV_DIR = "csv"
BUFFER_SIZE = 256 * 1024


class _CsvFile:
    """One RFC 4180 file: CRLF line ends, minimal quoting, UTF-8 with an optional BOM."""

    def __init__(self, path: Path, headers: Sequence[str], bom: bool) -> None:
        self._handle: TextIO = path.open(
            "w", encoding="utf-8-sig" if bom else "utf-8", newline="", buffering=BUFFER_SIZE
        )
        self._writer = csv.writer(self._handle, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        self.write(headers)

    def write(self, row: Iterable[str]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])

    def close(self) -> None:
        self._handle.close()


class CsvWriter:
    """Streams every issue into ``csv/issues.csv`` and its parts into the child files the export includes."""

    name = "csv"

    def __init__(self) -> None:
        self._files: dict[str, _CsvFile] = {}
        self._columns: list[FieldColumn] = []
        self._api_version = 3

    def open(self, directory: Path, context: ExportContext) -> None:
        folder = directory / CSV_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self._api_version = context.api_version
        self._columns = issue_columns(FieldDictionary(context.fields), context.selected_fields)
        headers = [*KEY_HEADERS, *(c.header for c in self._columns)]
        wanted: dict[str, tuple[Sequence[str], bool]] = {
            "issues": (headers, True),
            "comments": (COMMENT_HEADERS, context.include.comments),
            "changelog": (CHANGELOG_HEADERS, context.include.changelog),
            "worklogs": (WORKLOG_HEADERS, context.include.worklogs),
            "attachments": (ATTACHMENT_HEADERS, context.include.attachments),
        }
        self._files = {
            name: _CsvFile(folder / f"{name}.csv", file_headers, context.csv_bom)
            for name, (file_headers, included) in wanted.items()
            if included
        }

    def _issue_row(self, record: IssueRecord) -> list[str]:
        fields: dict[str, Any] = issue_fields(record)
        cells = [str(record.get("key") or ""), str(record.get("id") or "")]
        cells += [
            flatten(fields.get(c.field_id), rich_text=c.rich_text, api_version=self._api_version)
            for c in self._columns
        ]
        return cells

    def write(self, record: IssueRecord) -> None:
        if not self._files:
            raise RuntimeError("open() the writer before writing")
        self._files["issues"].write(self._issue_row(record))
        parts = {
            "comments": lambda: comment_rows(record, self._api_version),
            "changelog": lambda: changelog_rows(record),
            "worklogs": lambda: worklog_rows(record, self._api_version),
            "attachments": lambda: attachment_rows(record),
        }
        for name, rows in parts.items():
            target = self._files.get(name)
            if target is not None:
                for row in rows():
                    target.write(row)

    def close(self) -> list[Path]:
        produced = [Path(CSV_DIR) / f"{name}.csv" for name in self._files]
        for handle in self._files.values():
            handle.close()
        self._files = {}
        return produced
