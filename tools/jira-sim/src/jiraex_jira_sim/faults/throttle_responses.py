"""The 429, 5xx and rate-limit headers Jira Cloud and Data Center send."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from jiraex_jira_sim.faults.rate_limit import RateDecision
from jiraex_jira_sim.server.responses import Response, html_response, json_response

# Data Center's rate limiter answers from Tomcat, with its stock error page.
_TOMCAT_429 = (
    '<!doctype html><html lang="en"><head><title>HTTP Status 429 – Too Many Requests</title></head>'
    '<body><h1>HTTP Status 429 – Too Many Requests</h1><hr class="line" /><p><b>Type</b> Status Report</p>'
    '<p><b>Message</b> Rate limit exceeded.</p><hr class="line" /><h3>Apache Tomcat</h3></body></html>'
)
_EDGE_429 = (
    "<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1>"
    "<p>You have exceeded the rate limit. Please try again later.</p></body></html>"
)
_EDGE_PAGES = {
    502: "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
    503: (
        "<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1>"
        "<p>The service is temporarily unavailable. Please try again later.</p></body></html>"
    ),
}


def _reset_stamp(seconds_from_now: float) -> str:
    """X-RateLimit-Reset is ISO-8601 to the minute, ``yyyy-MM-ddTHH:mmZ``."""
    moment = datetime.now(UTC) + timedelta(seconds=seconds_from_now + 59)
    return moment.strftime("%Y-%m-%dT%H:%MZ")


def limit_headers(decision: RateDecision, *, cloud: bool, rate: float) -> list[tuple[str, str]]:
    """Headers on every answer while a token bucket is active."""
    headers = [("X-RateLimit-Limit", str(decision.limit)), ("X-RateLimit-Remaining", str(decision.remaining))]
    if cloud:
        if decision.remaining < 0.2 * decision.limit:
            headers.append(("X-RateLimit-NearLimit", "true"))
    else:
        headers += [("X-RateLimit-FillRate", f"{rate:g}"), ("X-RateLimit-Interval-Seconds", "1")]
    return headers


def too_many_requests(
    *,
    cloud: bool,
    retry_after: int,
    limit: int,
    reset_in: float,
    reason: str,
    html: bool,
    rate: float,
) -> Response:
    headers = [("Retry-After", str(retry_after))]
    if cloud:
        headers += [
            ("X-RateLimit-Limit", str(limit)),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", _reset_stamp(reset_in)),
            ("X-RateLimit-NearLimit", "true"),
            ("RateLimit-Reason", reason),
        ]
        if html:
            return html_response(429, _EDGE_429, headers)
        return json_response({"errorMessages": ["Rate limit exceeded."], "errors": {}}, 429, headers)
    headers += [
        ("X-RateLimit-Limit", str(limit)),
        ("X-RateLimit-Remaining", "0"),
        ("X-RateLimit-FillRate", f"{rate:g}"),
        ("X-RateLimit-Interval-Seconds", "1"),
    ]
    return html_response(429, _TOMCAT_429, headers)


def server_error(status: int, retry_after: int) -> Response:
    if status == 500:
        body = {"message": "Internal server error", "status-code": 500, "stack-trace": ""}
        return json_response(body, 500)
    headers = [("Retry-After", str(retry_after))] if status == 503 else []
    return html_response(status, _EDGE_PAGES[status], headers)


def retry_after_seconds(wait: float) -> int:
    """Whole seconds, never below one: what Jira sends when it sends a non-zero value."""
    return max(1, math.ceil(wait))
