"""Which requests came back before a Retry-After told their credential to wait ("early retries")."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class RetryVerdict:
    # Arrived before some Retry-After deadline of its credential (counts requests already in flight, too).
    within: bool
    # ...and was certainly sent after the client could have read that answer: an early retry.
    early: bool
    # ...decided by rule (a): it came on the very connection that carried the 429/503.
    same_connection: bool


_ON_TIME = RetryVerdict(within=False, early=False, same_connection=False)


@dataclass(slots=True)
class _Waits:
    # Latest deadline handed out on each connection.
    by_connection: dict[int, float] = field(default_factory=dict)
    # (written at, deadline) of every 429/503 whose deadline has not passed yet.
    events: list[tuple[float, float]] = field(default_factory=list)


class RetryLedger:
    """Deadlines per credential, judged so that requests already in flight when a 429 was sent are not blamed.

    A request is early when it arrives before a deadline AND either (a) it came on the same keep-alive
    connection that carried the 429/503 — HTTP/1.1 requests on one connection are sequential, so it was sent
    after the client read the answer — or (b) it arrived more than ``grace`` seconds after that answer was
    written, on any connection.
    """

    def __init__(self) -> None:
        self._waits: dict[str, _Waits] = {}

    def told_to_wait(self, credential: str, *, until: float, connection: int, at: float) -> None:
        waits = self._waits.setdefault(credential, _Waits())
        if until > waits.by_connection.get(connection, 0.0):
            waits.by_connection[connection] = until
        waits.events = [event for event in waits.events if event[1] > at]
        waits.events.append((at, until))

    def judge(self, credential: str, *, arrived: float, connection: int, grace: float) -> RetryVerdict:
        waits = self._waits.get(credential)
        if waits is None:
            return _ON_TIME
        if arrived < waits.by_connection.get(connection, 0.0):
            return RetryVerdict(within=True, early=True, same_connection=True)
        within = False
        for written, until in waits.events:
            if arrived < until:
                within = True
                if arrived > written + grace:
                    return RetryVerdict(within=True, early=True, same_connection=False)
        return RetryVerdict(within=within, early=False, same_connection=False) if within else _ON_TIME
