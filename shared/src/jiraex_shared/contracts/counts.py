"""What an export has extracted: the numbers behind progress, events and the completeness receipt."""

import msgspec

from jiraex_shared.contracts.base import Count


class ExportCounts(msgspec.Struct, frozen=True, kw_only=True):
    """Counts for one job; ``issues_expected`` is what Jira reported, the rest is what was written."""

    issues_expected: Count = 0
    issues_exported: Count = 0
    comments: Count = 0
    histories: Count = 0
    worklogs: Count = 0
    attachments: Count = 0
    attachment_bytes: Count = 0
