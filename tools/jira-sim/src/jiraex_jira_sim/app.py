"""Composition root of one simulator instance: dataset, renderers, faults, statistics and routes."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from jiraex_jira_sim.auth import Authenticator, Credentials
from jiraex_jira_sim.faults.injector import FaultInjector
from jiraex_jira_sim.issue_json import IssueJson
from jiraex_jira_sim.issue_search import IssueSearch
from jiraex_jira_sim.jira_dispatch import JiraDispatcher
from jiraex_jira_sim.media_signing import MediaSigner
from jiraex_jira_sim.paging_tokens import PageTokenCodec
from jiraex_jira_sim.retry_ledger import RetryLedger
from jiraex_jira_sim.routes.admin import AdminRoutes
from jiraex_jira_sim.routes.attachments import AttachmentRoutes
from jiraex_jira_sim.routes.bulk_changelog import BulkChangelogRoutes
from jiraex_jira_sim.routes.bulk_issues import BulkIssueRoutes
from jiraex_jira_sim.routes.cloud_search import CloudSearchRoutes
from jiraex_jira_sim.routes.issues import IssueRoutes
from jiraex_jira_sim.routes.media import MediaDispatcher
from jiraex_jira_sim.routes.meta import MetaRoutes
from jiraex_jira_sim.routes.server_search import ServerSearchRoutes
from jiraex_jira_sim.server.router import Router
from jiraex_jira_sim.stats import SimStats

if TYPE_CHECKING:
    from jiraex_jira_sim.config import SimConfig
    from jiraex_jira_sim.dataset import Dataset


class SimApp:
    """Everything one running simulator shares between its two listeners."""

    def __init__(self, config: SimConfig, dataset: Dataset, base_url: str, media_url: str) -> None:
        self.config = config
        self.dataset = dataset
        self.cloud = config.cloud
        self.base_url = base_url.rstrip("/")
        self.media_url = media_url.rstrip("/")
        # Cloud serves v2 and v3 (and /latest = v2); Server/DC only v2.
        self.api_versions: tuple[str, ...] = ("3", "2", "latest") if self.cloud else ("2", "latest")
        secret = hashlib.sha256(f"jiraex-jira-sim|{config.mode}|{config.seed}|{len(dataset)}".encode()).digest()
        self.tokens = PageTokenCodec(secret)
        self.signer = MediaSigner(secret, self.media_url)
        self.auth = Authenticator(
            cloud=self.cloud,
            credentials=Credentials(config.email, config.token, config.user, config.password),
            base_url=self.base_url,
        )
        self.stats = SimStats()
        self.ledger = RetryLedger()
        self.faults = FaultInjector(config.faults)
        self.search = IssueSearch(dataset, now=dataset.base_time)
        self.issue_json = IssueJson(
            dataset, base_url=self.base_url, cloud=self.cloud, cache_bytes=config.render_cache_mb * 1024 * 1024
        )
        self.router = Router()
        route_groups: list[Any] = [MetaRoutes(self), IssueRoutes(self), AttachmentRoutes(self)]
        if self.cloud:
            route_groups += [CloudSearchRoutes(self), BulkIssueRoutes(self), BulkChangelogRoutes(self)]
        else:
            route_groups.append(ServerSearchRoutes(self))
        for group in route_groups:
            group.register(self.router)
        self.admin = AdminRoutes(self)
        self.jira_handler = JiraDispatcher(self)
        self.media_handler = MediaDispatcher(self)

    @staticmethod
    def render_version(api: str) -> int:
        return 3 if api == "3" else 2

    def renderer(self, version: int) -> Any:
        return self.issue_json.renderer(version)
