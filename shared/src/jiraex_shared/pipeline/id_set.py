"""The ids a plan has enumerated, compact: a 100,000-issue export must not hold 100,000 Python strings."""

from jiraex_shared.exporters.digest_set import DigestSet

_MAX_EXACT = 2**63 - 2


class IssueIdSet:
    """Jira's issue ids are decimal integers: kept exactly as 8 bytes each, so no two ids can collide.

    Anything else (never seen from Jira, but ids arrive over the network) goes to an ordinary set.
    """

    def __init__(self) -> None:
        self._numbers = DigestSet()
        self._others: set[str] = set()

    def __len__(self) -> int:
        return len(self._numbers) + len(self._others)

    def add(self, issue_id: str) -> bool:
        """Remember ``issue_id``; False when it was already there."""
        if issue_id.isascii() and issue_id.isdigit() and (issue_id == "0" or issue_id[0] != "0"):
            number = int(issue_id)
            if number <= _MAX_EXACT:
                return self._numbers.add((number + 1).to_bytes(8, "little"))  # +1: all zeros marks a free slot
        if issue_id in self._others:
            return False
        self._others.add(issue_id)
        return True
