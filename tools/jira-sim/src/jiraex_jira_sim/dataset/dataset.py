"""The Dataset: compact records plus on-demand derivation of everything an issue contains."""

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from jiraex_jira_sim.dataset import attachments as att
from jiraex_jira_sim.dataset.catalog import ISSUE_TYPES, LABELS, PRIORITIES, RESOLUTIONS, STATUSES, build_projects
from jiraex_jira_sim.dataset.config import DatasetConfig
from jiraex_jira_sim.dataset.details import IssueDetails, derive_details, summary
from jiraex_jira_sim.dataset.events import CommentEntry, IssueWindow, WorklogEntry, comments, worklogs
from jiraex_jira_sim.dataset.formats import from_ms, to_ms
from jiraex_jira_sim.dataset.histories import FinalValues, HistoryEntry, histories, history_shape, last_category_change
from jiraex_jira_sim.dataset.jql_view import SimIssue
from jiraex_jira_sim.dataset.records import build_records, is_heavy
from jiraex_jira_sim.dataset.rng import mix
from jiraex_jira_sim.dataset.users import build_users

if TYPE_CHECKING:
    from jiraex_jira_sim.dataset.renderer import Renderer
    from jiraex_jira_sim.jql import JqlCatalog

ISSUE_ID_BASE = 10000


class Dataset:
    """N deterministic issues; construction is one O(n) pass, content is derived when asked for."""

    def __init__(self, config: DatasetConfig | None = None) -> None:
        self.config = cfg = config or DatasetConfig()
        # "now" of the dataset: fixed per seed so relative JQL dates and all timestamps reproduce
        self.base_time: datetime = datetime(2025, 6, 1, tzinfo=UTC) + timedelta(
            days=cfg.seed % 365, seconds=mix(cfg.seed) % 86_400
        )
        self.base_ms = to_ms(self.base_time)
        self.users = build_users(cfg.seed, cfg.users)
        self.project_infos = build_projects(cfg.projects, cfg.users)
        self.records = build_records(cfg, self.base_ms)
        self._sha = att.Sha256Cache(cfg.seed)
        self._jql: tuple[SimIssue, ...] | None = None
        self._label_sets: dict[int, tuple[str, ...]] = {}
        # bounded caches: heavy issues are paged repeatedly, so their entries are worth keeping
        self.details = lru_cache(maxsize=2048)(self._details)
        # summaries are read again for parent, sub-task and link references of neighbouring issues
        self.summary: Callable[[int], str] = lru_cache(maxsize=8192)(self._summary)
        self.comment_entries = lru_cache(maxsize=64)(self._comments)
        self.worklog_entries = lru_cache(maxsize=64)(self._worklogs)
        self.history_entries = lru_cache(maxsize=64)(self._histories)
        self._attachment_lists = lru_cache(maxsize=1024)(self._attachments)

    def __len__(self) -> int:
        return len(self.records)

    # identity ---------------------------------------------------------------------------------
    def issue_id(self, i: int) -> int:
        return ISSUE_ID_BASE + i

    def issue_key(self, i: int) -> str:
        return f"{self.project_infos[self.records.project[i]].key}-{self.records.number[i]}"

    def index_of(self, id_or_key: str) -> int | None:
        """Accepts "10042" or "PROJ-17" (key case-insensitive); None when no such issue."""
        text = id_or_key.strip()
        if text.isdigit():
            i = int(text) - ISSUE_ID_BASE
            return i if 0 <= i < len(self) else None
        key, dash, num = text.rpartition("-")
        if not dash or not num.isdigit():
            return None
        for p in self.project_infos:
            if p.key.casefold() == key.casefold():
                numbers = self.records.by_number[p.index]
                n = int(num)
                return numbers[n - 1] if 1 <= n <= len(numbers) else None
        return None

    # metadata ---------------------------------------------------------------------------------
    @cached_property
    def catalog(self) -> "JqlCatalog":
        """Known values for JQL validation; `resolve_issue` lets key clauses reject missing issues like Jira."""
        from jiraex_jira_sim.jql import JqlCatalog  # imported on use: jql is a sibling package with its own tests

        return JqlCatalog(
            projects=frozenset(p.key for p in self.project_infos),
            issue_types=frozenset(t.name for t in ISSUE_TYPES),
            statuses=frozenset(s.name for s in STATUSES),
            priorities=frozenset(p.name for p in PRIORITIES),
            resolve_issue=self._current_key,
        )

    def _current_key(self, text: str) -> str | None:
        i = self.index_of(text)
        return None if i is None else self.issue_key(i)

    def renderer(
        self,
        api: int = 3,
        base_url: str = "http://127.0.0.1:8080",
        deployment: str = "cloud",
    ) -> "Renderer":
        from jiraex_jira_sim.dataset.renderer import Renderer

        return Renderer(self, api=api, base_url=base_url, deployment=deployment)

    def fields(self, deployment: str = "cloud") -> list[dict[str, Any]]:
        from jiraex_jira_sim.dataset.fields import field_details

        return field_details(deployment)

    def projects(
        self,
        base_url: str = "http://127.0.0.1:8080",
        api: int = 3,
        deployment: str = "cloud",
    ) -> list[dict[str, Any]]:
        return self.renderer(api, base_url, deployment).projects()

    # JQL view ---------------------------------------------------------------------------------
    def labels(self, i: int) -> tuple[str, ...]:
        mask = self.records.labels[i]
        cached = self._label_sets.get(mask)
        if cached is None:
            cached = tuple(sorted(LABELS[b] for b in range(len(LABELS)) if mask >> b & 1))
            self._label_sets[mask] = cached
        return cached

    def jql_issue(self, i: int) -> SimIssue:
        r = self.records
        assignee = self.users[r.assignee[i]] if r.assignee[i] >= 0 else None
        reporter = self.users[r.reporter[i]]
        status = STATUSES[r.status[i]]
        return SimIssue(
            id=ISSUE_ID_BASE + i,
            key=self.issue_key(i),
            project_key=self.project_infos[r.project[i]].key,
            issue_type=ISSUE_TYPES[r.issue_type[i]].name,
            status=status.name,
            priority=PRIORITIES[r.priority[i]].name,
            labels=self.labels(i),
            created=from_ms(r.created[i]),
            updated=from_ms(r.updated[i]),
            index=i,
            number=r.number[i],
            status_category=status.category.key,
            resolution=RESOLUTIONS[r.resolution[i]].name if r.resolution[i] >= 0 else None,
            resolved=from_ms(r.resolved[i]) if r.resolution[i] >= 0 else None,
            assignee_account_id=assignee.account_id if assignee else None,
            assignee_name=assignee.name if assignee else None,
            reporter_account_id=reporter.account_id,
            reporter_name=reporter.name,
            parent_key=self.issue_key(r.parent[i]) if r.parent[i] >= 0 else None,
        )

    def jql_issues(self) -> tuple[SimIssue, ...]:
        """All views, built once (~25 MB for 100k issues) so repeated searches stay fast."""
        if self._jql is None:
            self._jql = tuple(self.jql_issue(i) for i in range(len(self)))
        return self._jql

    # derived content --------------------------------------------------------------------------
    def _summary(self, i: int) -> str:
        return summary(self.config.seed, i)

    def is_heavy(self, i: int) -> bool:
        return is_heavy(self.config, i)

    def _details(self, i: int) -> IssueDetails:
        return derive_details(self.config.seed, i, self.records.created[i], self.config.users)

    def _window(self, i: int, starts: Any) -> IssueWindow:
        r = self.records
        return IssueWindow(i, r.created[i], r.updated[i], starts[i], starts[i + 1] - starts[i])

    def _comments(self, i: int) -> list[CommentEntry]:
        return comments(self.config.seed, self._window(i, self.records.comment_start), self.config.users)

    def _worklogs(self, i: int) -> list[WorklogEntry]:
        return worklogs(self.config.seed, self._window(i, self.records.worklog_start), self.config.users)

    def _histories(self, i: int) -> list[HistoryEntry]:
        r = self.records
        points = self.details(i).custom.get("customfield_10016")
        final = FinalValues(
            r.status[i],
            r.resolution[i],
            r.priority[i],
            r.assignee[i],
            " ".join(self.labels(i)),
            self.summary(i),
            points,
        )
        return histories(self.config.seed, self._window(i, r.history_start), final, self.config.users)

    def category_changed_ms(self, i: int) -> int:
        """When issue i last moved between status categories (its creation if never)."""
        r = self.records
        shape = history_shape(self.config.seed, self._window(i, r.history_start), r.status[i])
        changed = last_category_change(shape)
        return r.created[i] if changed is None else changed

    def comments_count(self, i: int) -> int:
        return self.records.count(self.records.comment_start, i)

    def histories_count(self, i: int) -> int:
        return self.records.count(self.records.history_start, i)

    def worklogs_count(self, i: int) -> int:
        return self.records.count(self.records.worklog_start, i)

    def time_spent(self, i: int) -> int:
        """Seconds logged on the issue: always the sum of its worklogs."""
        return sum(w.seconds for w in self.worklog_entries(i)) if self.worklogs_count(i) else 0

    # attachments ------------------------------------------------------------------------------
    def _attachments(self, i: int) -> tuple[att.AttachmentInfo, ...]:
        r = self.records
        starts = r.attachment_start
        span = att.IssueSpan(
            i,
            att.FIRST_ID + starts[i],
            starts[i + 1] - starts[i],
            r.created[i],
            r.updated[i],
            i // self.config.heavy_every if self.is_heavy(i) else -1,
        )
        return tuple(att.generate(self.config.seed, span, self.config.max_attachment_bytes, self.config.users))

    def attachments(self, i: int) -> list[att.AttachmentInfo]:
        """Issue i's attachments, oldest first (a fresh list: callers may sort or filter it)."""
        return list(self._attachment_lists(i))

    def attachment(self, att_id: int) -> tuple[int, att.AttachmentInfo] | None:
        found = self.records.locate(self.records.attachment_start, att_id - att.FIRST_ID)
        if found is None:
            return None
        i, k = found
        return i, self._attachment_lists(i)[k]

    def attachment_chunks(self, att_id: int, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        found = self.attachment(att_id)
        if found is None:
            raise KeyError(att_id)
        return att.chunks(self.config.seed, found[1], start, end)

    def attachment_sha256(self, att_id: int) -> str:
        found = self.attachment(att_id)
        if found is None:
            raise KeyError(att_id)
        return self._sha.digest(found[1])

    def ground_truth(self, indices: Iterable[int]) -> dict[str, Any]:
        from jiraex_jira_sim.dataset.ground_truth import ground_truth

        return ground_truth(self, indices)
