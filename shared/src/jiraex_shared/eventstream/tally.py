"""The running figures of one job's progress, and the stream events built from them."""

import msgspec

from jiraex_shared.contracts.counts import ExportCounts
from jiraex_shared.contracts.progress import JobPhase, JobProgressed, JobWarning
from jiraex_shared.exporters.manifest import ExportWarning
from jiraex_shared.jira.stats import RequestStats

# Field limits of JobWarning (contracts.progress); an entry over them could not be decoded by readers.
_CODE_MAX, _MESSAGE_MAX, _ISSUE_KEY_MAX = 64, 8_192, 255

StatsFigures = tuple[int, int, int, float]


class ProgressTally:
    """Counts as the pipeline reports them, plus what the worker sets (chunks, phase, a baseline).

    ``issues_expected`` follows Jira's latest estimate but never drops below what was enumerated.
    """

    def __init__(self, job_id: str, phase: JobPhase, stats: RequestStats | None = None) -> None:
        self.job_id = job_id
        self.phase: JobPhase = phase
        self.stats = stats
        self.counts = ExportCounts()
        self.chunks_total: int | None = None
        self.chunks_done = 0
        self._enumerated = 0

    def enumerated(self, issues: int, expected: int | None) -> None:
        self._enumerated += issues
        estimate = self.counts.issues_expected if expected is None else expected
        self.counts = msgspec.structs.replace(self.counts, issues_expected=max(estimate, self._enumerated))

    def extracted(self, issues: int) -> None:
        self.counts = msgspec.structs.replace(self.counts, issues_exported=self.counts.issues_exported + issues)

    def downloaded(self, attachments: int, size: int) -> None:
        self.counts = msgspec.structs.replace(
            self.counts,
            attachments=self.counts.attachments + attachments,
            attachment_bytes=self.counts.attachment_bytes + size,
        )

    def stats_figures(self) -> StatsFigures:
        """``(requests, retries, rate-limit waits, seconds waited)`` from the Jira client's counters."""
        if self.stats is None:
            return 0, 0, 0, 0.0
        stats = self.stats
        return stats.requests, stats.retries, stats.throttled, max(0.0, stats.wait_seconds)

    def progressed(self) -> JobProgressed:
        requests, retries, waits, waited = self.stats_figures()
        return JobProgressed(
            job_id=self.job_id,
            phase=self.phase,
            counts=self.counts,
            chunks_total=self.chunks_total,
            chunks_done=self.chunks_done,
            requests=requests,
            retries=retries,
            rate_limit_waits=waits,
            rate_limit_wait_seconds=waited,
        )


def warning_event(job_id: str, warning: ExportWarning) -> JobWarning:
    """The stream entry for a pipeline warning, cut to the contract's field limits."""
    return JobWarning(
        job_id=job_id,
        code=warning.code[:_CODE_MAX] or "warning",
        message=warning.message[:_MESSAGE_MAX],
        issue_key=warning.issue_key[:_ISSUE_KEY_MAX] if warning.issue_key is not None else None,
    )
