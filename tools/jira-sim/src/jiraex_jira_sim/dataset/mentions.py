"""How a user mention looks in ADF, wiki markup, HTML and plain text for one deployment."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from jiraex_jira_sim.dataset.users import UserInfo


@dataclass(frozen=True, slots=True)
class Mentions:
    """Maps a mention number from the rich-text model onto a (non-app) user of the pool."""

    users: tuple[UserInfo, ...]
    base: str
    cloud: bool

    def user(self, k: int) -> UserInfo:
        return self.users[k % (len(self.users) - 1)]

    def text(self, k: int) -> str:
        return f"@{self.user(k).display_name}"

    def adf(self, k: int) -> dict[str, Any]:
        u = self.user(k)
        return {
            "type": "mention",
            "attrs": {"id": u.account_id if self.cloud else u.name, "text": self.text(k), "accessLevel": ""},
        }

    def wiki(self, k: int) -> str:
        u = self.user(k)
        return f"[~accountid:{u.account_id}]" if self.cloud else f"[~{u.name}]"

    def profile_url(self, k: int) -> str:
        u = self.user(k)
        query = f"accountId={u.account_id}" if self.cloud else f"name={quote(u.name)}"
        return f"{self.base}/secure/ViewProfile.jspa?{query}"
