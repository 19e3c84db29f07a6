"""What every writer needs to know about an export besides its issues."""

from datetime import datetime
from typing import Any, Literal

import msgspec

from jiraex_shared.contracts.commands import ExportInclude


class ExportContext(msgspec.Struct, frozen=True, kw_only=True):
    """One export's settings and Jira facts; identical for every writer and every chunk.

    ``fields`` is the raw ``GET /field`` list (FieldDetails objects); ``api_version`` decides how rich
    text strings are read: 2 → wiki markup, 3 → ADF documents (plain strings stay plain).
    ``selected_fields`` is what the user asked for (ids or names, Jira's ``*all``/``*navigable``/``-id``
    syntax), None for everything. ``started_at`` is the job's start, the only time that appears in
    the files, so a resumed job writes the same bytes as an uninterrupted one.
    """

    jql: str
    base_url: str
    deployment: Literal["cloud", "server"]
    version: str
    api_version: int
    fields: list[dict[str, Any]]
    started_at: datetime
    selected_fields: list[str] | None = None
    export_name: str = "export"
    include: ExportInclude = ExportInclude()
    csv_bom: bool = False
