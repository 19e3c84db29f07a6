"""``issues.xml``: Jira's XML (RSS 0.92) issue export shape, streamed one ``<item>`` at a time."""

from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from jiraex_shared.exporters.context import ExportContext
from jiraex_shared.exporters.field_names import FieldDictionary
from jiraex_shared.exporters.records import IssueRecord
from jiraex_shared.exporters.xml_items import ItemBuilder
from jiraex_shared.exporters.xml_markup import element
from jiraex_shared.exporters.xml_parts import INDENT

FILE_NAME = "issues.xml"
BUFFER_SIZE = 256 * 1024


class XmlWriter:
    """Writes the channel header at open, an item per issue, and closes the document at close."""

    name = "xml"

    def __init__(self) -> None:
        self._out: TextIO | None = None
        self._items: ItemBuilder | None = None

    def open(self, directory: Path, context: ExportContext) -> None:
        base = context.base_url.rstrip("/")
        self._items = ItemBuilder(FieldDictionary(context.fields), base, context.api_version, context.include)
        self._out = (directory / FILE_NAME).open("w", encoding="utf-8", newline="\n", buffering=BUFFER_SIZE)
        header = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<rss version="0.92">',
            INDENT + "<channel>",
            INDENT * 2 + element("title", context.export_name),
            INDENT * 2 + element("link", f"{base}/issues/?jql={quote(context.jql, safe='')}"),
            INDENT * 2 + element("description", f"An XML representation of a search request: {context.jql}"),
            INDENT * 2 + element("language", "en-us"),
            INDENT * 2 + "<build-info>",
            INDENT * 3 + element("version", context.version),
            INDENT * 3 + element("deployment", context.deployment),
            INDENT * 3 + element("exported", context.started_at.isoformat()),
            INDENT * 2 + "</build-info>",
        ]
        self._out.write("\n".join(header) + "\n")

    def write(self, record: IssueRecord) -> None:
        if self._out is None or self._items is None:
            raise RuntimeError("open() the writer before writing")
        self._out.write("".join(f"{INDENT * 2}{line}\n" for line in self._items.lines(record)))

    def close(self) -> list[Path]:
        if self._out is None:
            raise RuntimeError("open() the writer before closing it")
        self._out.write(f"{INDENT}</channel>\n</rss>\n")
        self._out.close()
        self._out = None
        return [Path(FILE_NAME)]
