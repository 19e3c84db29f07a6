"""What to export: the job's specification, stored with the job and shared by every pipeline step."""

import msgspec

from jiraex_shared.contracts.commands import EXPORT_FORMATS, ExportFormat, ExportInclude, ExportRequested


class ExportSpec(msgspec.Struct, frozen=True, kw_only=True):
    """The user's choices for one export; `fields=None` means every field."""

    jql: str
    formats: tuple[ExportFormat, ...] = EXPORT_FORMATS
    include: ExportInclude = ExportInclude()
    fields: tuple[str, ...] | None = None
    archive: bool = False
    name: str = "export"
    csv_bom: bool = False

    @classmethod
    def from_request(cls, request: ExportRequested) -> "ExportSpec":
        return cls(
            jql=request.jql, formats=request.formats, include=request.include, fields=request.fields,
            archive=request.archive, name=request.name or "export",
        )
