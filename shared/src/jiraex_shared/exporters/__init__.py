"""Streaming, deterministic writers for every export format, plus the manifest, fields file and ZIP."""

from jiraex_shared.exporters.attachment_paths import attachment_path, safe_segment
from jiraex_shared.exporters.context import ExportContext
from jiraex_shared.exporters.fields_file import write_fields
from jiraex_shared.exporters.manifest import ExportWarning, is_complete, write_manifest
from jiraex_shared.exporters.produced_files import ProducedFile, describe_file, iter_produced_files
from jiraex_shared.exporters.records import AttachmentRef, IssueRecord, record_counts
from jiraex_shared.exporters.writers import WRITERS, FormatWriter, create_writers
from jiraex_shared.exporters.zip_export import safe_entry_name, write_zip

__all__ = [
    "WRITERS",
    "AttachmentRef",
    "ExportContext",
    "ExportWarning",
    "FormatWriter",
    "IssueRecord",
    "ProducedFile",
    "attachment_path",
    "create_writers",
    "describe_file",
    "is_complete",
    "iter_produced_files",
    "record_counts",
    "safe_entry_name",
    "safe_segment",
    "write_fields",
    "write_manifest",
    "write_zip",
]
