"""Counters of the Jira traffic of one client (or several sharing the object); the progress bar shows them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RequestStats:
    """Plain counters, updated on the event loop only (no locking needed).

    `requests` counts every HTTP request sent (attempts, not logical calls; redirect hops and Cloud's
    media-host downloads included), `throttled` the 429 answers, `retries` the attempts that repeated a
    failed one (attachment resumes included), `wait_seconds` the time spent waiting before requests:
    rate-governor pacing, site pauses (Retry-After) and backoff sleeps, summed over concurrent requests.
    `near_limit` counts successful answers that warned the rate budget was nearly spent.
    """

    requests: int = 0
    throttled: int = 0
    retries: int = 0
    wait_seconds: float = 0.0
    near_limit: int = 0
