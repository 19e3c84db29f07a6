"""Which Jira fields to ask for: the user's selection plus what the pipeline itself needs."""

from jiraex_shared.contracts.commands import ExportInclude

# Embedded pages that the record carries as complete top-level lists instead.
PAGED_FIELDS = ("comment", "worklog")


def fields_to_fetch(selected: tuple[str, ...] | None, include: ExportInclude) -> list[str]:
    """`*all` minus what is not wanted, or the selection plus summary, attachment metadata and the pages."""
    if selected is None:
        excluded = [f"-{name}" for name, wanted in (("comment", include.comments), ("worklog", include.worklogs))
                    if not wanted]
        return ["*all", *excluded]
    needed = ["summary", "attachment"]
    needed += ["comment"] if include.comments else []
    needed += ["worklog"] if include.worklogs else []
    return list(dict.fromkeys([*selected, *needed]))
