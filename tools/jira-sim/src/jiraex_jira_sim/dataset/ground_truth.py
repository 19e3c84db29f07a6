"""What a correct extraction of some issues must contain, for end-to-end assertions."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jiraex_jira_sim.dataset.dataset import Dataset


def ground_truth(ds: "Dataset", indices: Iterable[int]) -> dict[str, Any]:
    """Per issue: key, id, item counts and every attachment with its SHA-256."""
    issues = []
    for i in indices:
        issues.append(
            {
                "key": ds.issue_key(i),
                "id": str(ds.issue_id(i)),
                "comments": ds.comments_count(i),
                "histories": ds.histories_count(i),
                "worklogs": ds.worklogs_count(i),
                "attachments": [
                    {"id": str(a.id), "filename": a.filename, "size": a.size, "sha256": ds.attachment_sha256(a.id)}
                    for a in ds.attachments(i)
                ],
            }
        )
    return {"issues": issues}
