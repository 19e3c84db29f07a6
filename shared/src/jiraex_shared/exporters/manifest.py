"""``manifest.json``, the completeness receipt: what was asked, what was written, and every gap."""

import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import msgspec

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.exporters.context import ExportContext
from jiraex_shared.exporters.json_encoding import encode_sorted
from jiraex_shared.exporters.produced_files import ProducedFile

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1


class ExportWarning(msgspec.Struct, frozen=True, kw_only=True):
    """One skipped or failed item, e.g. code "attachment_failed" with Jira's reason, for the receipt."""

    code: str
    message: str
    issue_key: str | None = None
    item_id: str | None = None


def is_complete(counts: ExportCounts, warning_count: int) -> bool:
    """True only when every expected issue was written and nothing was skipped or failed."""
    return warning_count == 0 and counts.issues_exported >= counts.issues_expected


def _spool(warnings: Iterable[ExportWarning], spool: IO[bytes]) -> int:
    count = 0
    for warning in warnings:
        spool.write(encode_sorted(warning) + b"\n")
        count += 1
    return count


def _write_list(out: IO[bytes], name: str, lines: Iterable[bytes], last: bool) -> None:
    out.write(b'  "' + name.encode() + b'": [')
    first = True
    for line in lines:
        out.write((b"\n    " if first else b",\n    ") + line.rstrip(b"\n"))
        first = False
    out.write((b"]" if first else b"\n  ]") + (b"\n" if last else b",\n"))


def write_manifest(
    directory: Path,
    context: ExportContext,
    counts: ExportCounts,
    files: Iterable[ProducedFile],
    warnings: Iterable[ExportWarning],
    *,
    finished_at: datetime | None = None,
) -> dict[str, Any]:
    """Write ``manifest.json`` into ``directory``; ``files`` and ``warnings`` are streamed, never listed.

    ``complete`` is false whenever issues are missing or any warning exists: such an export is
    "succeeded with warnings", never plain success. Keys are sorted; one file or warning per line.
    Returns the receipt: the manifest without its two lists, which can hold hundreds of thousands of
    entries (a job keeps its files as rows and its warnings as events).
    """
    path = directory / MANIFEST_NAME
    with tempfile.TemporaryFile() as spool, path.open("wb") as out:
        warning_count = _spool(warnings, spool)
        scalars: dict[str, Any] = {
            "api_version": context.api_version,
            "base_url": context.base_url,
            "complete": is_complete(counts, warning_count),
            "counts": counts,
            "deployment": context.deployment,
            "export_name": context.export_name,
            "finished_at": finished_at or datetime.now(UTC),
            "format_version": FORMAT_VERSION,
            "include": context.include,
            "jql": context.jql,
            "missing_issues": max(0, counts.issues_expected - counts.issues_exported),
            "selected_fields": context.selected_fields,
            "started_at": context.started_at,
            "version": context.version,
            "warning_count": warning_count,
        }
        out.write(b"{\n")
        for name in sorted([*scalars, "files", "warnings"]):
            last = name == "warnings"
            if name == "files":
                _write_list(out, name, (encode_sorted(f) for f in files), last)
            elif name == "warnings":
                spool.seek(0)
                _write_list(out, name, spool, last)
            else:
                out.write(b'  "' + name.encode() + b'": ' + encode_sorted(scalars[name]) + b",\n")
        out.write(b"}\n")
    return msgspec.to_builtins(scalars)
