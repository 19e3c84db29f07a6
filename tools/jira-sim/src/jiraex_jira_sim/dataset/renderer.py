"""Renderer: the dataset as Jira REST JSON for one API version, base URL and deployment."""

import hashlib
from typing import TYPE_CHECKING, Any

from jiraex_jira_sim.dataset import render_events as ev
from jiraex_jira_sim.dataset import render_pages as pages
from jiraex_jira_sim.dataset.adf import to_adf
from jiraex_jira_sim.dataset.attachments import AttachmentInfo
from jiraex_jira_sim.dataset.catalog import LINK_TYPES
from jiraex_jira_sim.dataset.field_spec import FieldSpec
from jiraex_jira_sim.dataset.fields import field_details
from jiraex_jira_sim.dataset.histories import HistoryEntry
from jiraex_jira_sim.dataset.mentions import Mentions
from jiraex_jira_sim.dataset.render_issue import FieldIndex, render_issue
from jiraex_jira_sim.dataset.render_refs import Refs
from jiraex_jira_sim.dataset.rendered_html import to_html
from jiraex_jira_sim.dataset.richtext import Doc
from jiraex_jira_sim.dataset.users import UserInfo
from jiraex_jira_sim.dataset.wiki import to_wiki

if TYPE_CHECKING:
    from jiraex_jira_sim.dataset.dataset import Dataset


class Renderer:
    """api=3 renders rich text as ADF, api=2 as wiki markup; deployment picks Cloud or Server shapes."""

    def __init__(self, ds: "Dataset", *, api: int, base_url: str, deployment: str) -> None:
        if api not in (2, 3):
            raise ValueError(f"api must be 2 or 3, not {api!r}")
        self.ds: Dataset = ds
        self.api: int = api
        self.deployment: str = deployment
        self.refs: Refs = Refs(api, base_url, deployment)
        self.cloud: bool = self.refs.cloud
        self.field_index: FieldIndex = FieldIndex(deployment)
        self.mentions: Mentions = Mentions(ds.users, self.refs.base, self.cloud)

    # building blocks --------------------------------------------------------------------------
    def body(self, doc: Doc) -> Any:
        return to_adf(doc, self.mentions) if self.api == 3 else to_wiki(doc, self.mentions)

    def html(self, doc: Doc) -> str:
        return to_html(doc, self.mentions)

    def user(self, author_index: int) -> dict[str, Any]:
        return self.refs.user(self.ds.users[author_index])

    def issue_ref(self, i: int) -> dict[str, Any]:
        """The short issue form used by parent, subtasks and issue links."""
        rec = self.ds.records
        issue_id = self.ds.issue_id(i)
        return {
            "id": str(issue_id),
            "key": self.ds.issue_key(i),
            "self": f"{self.refs.rest}/issue/{issue_id}",
            "fields": {
                "summary": self.ds.summary(i),
                "status": self.refs.status(rec.status[i]),
                "priority": self.refs.priority(rec.priority[i]),
                "issuetype": self.refs.issue_type(rec.issue_type[i]),
            },
        }

    def issue_links(self, i: int) -> list[dict[str, Any]]:
        """Both ends of a link show it: outwardIssue on the source, inwardIssue on the target."""
        rec = self.ds.records
        out = []
        for ordinal in rec.links_of.get(i, ()):
            lt = LINK_TYPES[rec.link_type[ordinal]]
            link_id = 10000 + ordinal
            item: dict[str, Any] = {
                "id": str(link_id),
                "self": f"{self.refs.rest}/issueLink/{link_id}",
                "type": {
                    "id": lt.id,
                    "name": lt.name,
                    "inward": lt.inward,
                    "outward": lt.outward,
                    "self": f"{self.refs.rest}/issueLinkType/{lt.id}",
                },
            }
            if rec.link_out[ordinal] == i:
                item["outwardIssue"] = self.issue_ref(rec.link_in[ordinal])
            else:
                item["inwardIssue"] = self.issue_ref(rec.link_out[ordinal])
            out.append(item)
        return out

    def attachment_json(self, a: AttachmentInfo) -> dict[str, Any]:
        return self.refs.attachment(a, self.ds.users[a.author_index])

    def history(self, e: HistoryEntry) -> dict[str, Any]:
        return ev.history(self, e)

    # endpoints --------------------------------------------------------------------------------
    def issue(
        self, i: int, fields: FieldSpec | None = None, expand: frozenset[str] = frozenset(), context: str = "issue"
    ) -> dict[str, Any]:
        """IssueBean; context "issue" (GET issue) or "search" (search/jql, bulkfetch) picks truncation."""
        return render_issue(self, i, fields or FieldSpec.parse(None), expand, context)

    def comments(
        self,
        i: int,
        start_at: int = 0,
        max_results: int = 100,
        order_by: str = "created",
        expand: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        return pages.comments_page(self, i, start_at, max_results, order_by, expand)

    def embedded_comments(self, i: int, limit: int | None, *, rendered: bool = False) -> dict[str, Any]:
        return pages.embedded_comments(self, i, limit, rendered=rendered)

    def worklogs(self, i: int, start_at: int = 0, max_results: int = 5000) -> dict[str, Any]:
        return pages.worklogs_page(self, i, start_at, max_results)

    def embedded_worklogs(self, i: int, limit: int, *, rendered: bool = False) -> dict[str, Any]:
        return pages.embedded_worklogs(self, i, limit, rendered=rendered)

    def changelog_page(self, i: int, start_at: int = 0, max_results: int = 100) -> dict[str, Any]:
        return pages.changelog_page(self, i, start_at, max_results)

    def histories(self, i: int) -> list[dict[str, Any]]:
        """Every history of issue i, oldest first (changelog/bulkfetch, Server expand=changelog)."""
        return [ev.history(self, e) for e in self.ds.history_entries(i)]

    def attachment_meta(self, att_id: int) -> dict[str, Any] | None:
        """GET /attachment/{id} (AttachmentMetadata, numeric id); None if there is no such attachment."""
        found = self.ds.attachment(att_id)
        if found is None:
            return None
        a = found[1]
        return self.refs.attachment(a, self.ds.users[a.author_index], numeric_id=self.cloud)

    def fields(self) -> list[dict[str, Any]]:
        return field_details(self.deployment)

    def projects(self) -> list[dict[str, Any]]:
        """Project objects as listed by GET /project/search (Cloud) or GET /project (Server)."""
        out = []
        for p in self.ds.project_infos:
            item: dict[str, Any] = {
                "expand": "description,lead,issueTypes,url,projectKeys,permissions,insight"
                if self.cloud
                else "description,lead,url,projectKeys"
            }
            item.update(self.refs.project(p))
            if self.cloud:
                item.update({"style": "classic", "isPrivate": False, "properties": {}})
            out.append(item)
        return out

    def user_info(self, login: str) -> UserInfo:
        """The pool user whose e-mail or name matches `login`, else a stable synthetic caller."""
        folded = login.strip().casefold()
        for u in self.ds.users:
            if folded in (u.email.casefold(), u.name.casefold(), u.account_id.casefold()):
                return u
        digest = hashlib.sha256(login.encode()).hexdigest()
        local = login.split("@", 1)[0] or "caller"
        return UserInfo(
            index=-1,
            display_name=local.replace(".", " ").title(),
            account_id=digest[:24],
            account_type="atlassian",
            name=local,
            key=local,
            email=login if "@" in login else f"{local}@example.com",
            email_visible=True,
            active=True,
            time_zone="UTC",
            locale="en_US",
        )

    def myself(self, login: str) -> dict[str, Any]:
        """GET /myself for the authenticated caller (User with groups and applicationRoles)."""
        u = self.user_info(login)
        out = dict(self.refs.user(u))  # shared reference object: copy before adding myself-only keys
        out["emailAddress"] = u.email
        out.update(
            {
                "locale": u.locale,
                "groups": {"size": 2, "items": []},
                "applicationRoles": {"size": 1, "items": []},
                "expand": "groups,applicationRoles",
            }
        )
        return out
