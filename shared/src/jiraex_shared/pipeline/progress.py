"""The progress port: cheap synchronous counters the pipeline bumps; adapters decide how often to publish."""

from typing import Protocol

from jiraex_shared.exporters.manifest import ExportWarning


class ProgressSink(Protocol):
    """Called from pipeline steps as work completes. Must not block: adapters buffer and throttle."""

    def enumerated(self, issues: int, *, expected: int | None = None) -> None: ...

    def extracted(self, issues: int) -> None: ...

    def downloaded(self, attachments: int, size: int) -> None: ...

    def warned(self, warning: ExportWarning) -> None: ...


class NullProgress:
    """Discards progress: for callers that only want the result."""

    def enumerated(self, issues: int, *, expected: int | None = None) -> None:
        pass

    def extracted(self, issues: int) -> None:
        pass

    def downloaded(self, attachments: int, size: int) -> None:
        pass

    def warned(self, warning: ExportWarning) -> None:
        pass


class RecordingProgress:
    """Forwards to another sink and keeps the warnings, which a step must also return with its result."""

    def __init__(self, inner: ProgressSink) -> None:
        self._inner = inner
        self.warnings: list[ExportWarning] = []

    def enumerated(self, issues: int, *, expected: int | None = None) -> None:
        self._inner.enumerated(issues, expected=expected)

    def extracted(self, issues: int) -> None:
        self._inner.extracted(issues)

    def downloaded(self, attachments: int, size: int) -> None:
        self._inner.downloaded(attachments, size)

    def warned(self, warning: ExportWarning) -> None:
        self.warnings.append(warning)
        self._inner.warned(warning)
