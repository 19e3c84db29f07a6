"""Adding up receipt counts across records and chunks."""

from collections.abc import Iterable

import msgspec

from jiraex_shared.contracts.counts import ExportCounts


def add_counts(parts: Iterable[ExportCounts], **overrides: int) -> ExportCounts:
    totals = dict.fromkeys(ExportCounts.__struct_fields__, 0)
    for part in parts:
        for name, value in msgspec.structs.asdict(part).items():
            totals[name] += value
    return ExportCounts(**{**totals, **overrides})
