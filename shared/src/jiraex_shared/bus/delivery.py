"""One received message as a consumer sees it: its bytes and the three ways to settle it."""

from collections.abc import Mapping
from typing import Any, Protocol


class Delivery(Protocol):
    """A message taken from a queue, not yet settled; exactly one settle method is called per delivery."""

    @property
    def body(self) -> bytes: ...

    @property
    def headers(self) -> Mapping[str, Any]: ...

    @property
    def delivery_count(self) -> int:
        """How many times this message was delivered before this delivery (0 the first time)."""
        ...

    async def ack(self) -> None:
        """Done: remove the message."""
        ...

    async def requeue(self) -> None:
        """Not done, try again later (the queue's delivery limit bounds how often)."""
        ...

    async def dead_letter(self, reason: str) -> None:
        """Never retry: move the message to the dead-letter queue with ``reason`` in ``x-jiraex-error``."""
        ...
