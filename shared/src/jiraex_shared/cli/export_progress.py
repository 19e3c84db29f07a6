"""What `jiraex export` shows while it runs: a live bar on a terminal, plain progress lines otherwise."""

import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from jiraex_shared.exporters import ExportWarning
from jiraex_shared.jira import RequestStats

PLAIN_INTERVAL_SECONDS = 5.0


class ExportProgress:
    """A `ProgressSink` for people: issues, attachments, bytes, requests, 429 waits and ETA."""

    def __init__(self, stats: RequestStats, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.stats = stats
        self.expected: int | None = None
        self.enumerated_count = 0
        self.extracted_count = 0
        self.attachments = 0
        self.attachment_bytes = 0
        self.warnings = 0
        self._last_line = 0.0
        self._live = self.stream.isatty()
        self._bar = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} issues"),
            TextColumn("{task.fields[detail]}"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=Console(file=self.stream), transient=False,
        )
        self._task = self._bar.add_task("export", total=None, detail="")

    def __enter__(self) -> "ExportProgress":
        if self._live:
            self._bar.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._refresh(force=True)
        if self._live:
            self._bar.stop()

    def enumerated(self, issues: int, *, expected: int | None = None) -> None:
        self.enumerated_count += issues
        if expected is not None:
            self.expected = expected
        self._refresh()

    def extracted(self, issues: int) -> None:
        self.extracted_count += issues
        self._refresh()

    def downloaded(self, attachments: int, size: int) -> None:
        self.attachments += attachments
        self.attachment_bytes += size
        self._refresh()

    def warned(self, warning: ExportWarning) -> None:
        self.warnings += 1
        self._bar.console.print(f"warning: {warning.issue_key or ''} {warning.message}".replace("  ", " "))

    def detail(self) -> str:
        return (
            f"{self.attachments} attachments {self.attachment_bytes / 1e6:.1f} MB · {self.stats.requests} requests"
            f" · {self.stats.throttled} × 429 · waited {self.stats.wait_seconds:.0f}s"
        )

    def _refresh(self, force: bool = False) -> None:
        total = max(self.expected or 0, self.enumerated_count)
        if self._live:
            self._bar.update(self._task, completed=self.extracted_count, total=total or None, detail=self.detail())
            return
        now = time.monotonic()
        if force or now - self._last_line >= PLAIN_INTERVAL_SECONDS:
            self._last_line = now
            print(f"progress: {self.extracted_count}/{total} issues · {self.detail()}", file=self.stream, flush=True)
