"""What the JQL evaluator reads from an issue."""

from datetime import datetime
from typing import Protocol


class JqlIssue(Protocol):
    """The attributes JQL evaluation and ordering read; the dataset provides objects that have them."""

    @property
    def id(self) -> int: ...
    @property
    def key(self) -> str: ...
    @property
    def project_key(self) -> str: ...
    @property
    def issue_type(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def priority(self) -> str: ...
    @property
    def labels(self) -> tuple[str, ...]: ...
    @property
    def created(self) -> datetime: ...  # tz-aware UTC
    @property
    def updated(self) -> datetime: ...  # tz-aware UTC
