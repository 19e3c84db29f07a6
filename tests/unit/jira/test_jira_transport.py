"""Retries, rate-governor use, timeouts, redirects and error classification of every Jira request."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import httpx
import pytest
from jira_mock_site import CLOUD_URL, SyncHandler, fixture_bytes, json_response, mock_site

from jiraex_shared.jira import (
    JiraAuthError,
    JiraBadRequest,
    JiraForbidden,
    JiraNotFound,
    JiraPermanentError,
    JiraProtocolError,
    JiraRetryableError,
)
from jiraex_shared.ratelimit import AdaptiveConcurrency, site_key

MYSELF = {"accountId": "abc", "displayName": "Robot"}


def scripted(*answers: httpx.Response | Exception) -> SyncHandler:
    """A handler giving the answers in order (an exception is raised instead of answering)."""
    queue: Iterator[httpx.Response | Exception] = iter(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        answer = next(queue)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handle


async def test_429_with_retry_after_pauses_the_site_before_the_retry() -> None:
    handler = scripted(
        json_response({"errorMessages": ["Rate limited"]}, 429, {"Retry-After": "7"}), json_response(MYSELF)
    )
    async with mock_site(handler) as site:
        assert await site.client.myself() == MYSELF
    key = site_key(CLOUD_URL)
    assert site.governor.events == [("acquire", key, None), ("pause", key, 7.0), ("acquire", key, None)]
    assert site.sleeps.calls == []  # the wait happens in the governor, shared by every worker
    assert (site.stats.requests, site.stats.throttled, site.stats.retries) == (2, 1, 1)


async def test_retry_after_zero_still_pauses_one_second() -> None:
    handler = scripted(json_response({}, 429, {"Retry-After": "0"}), json_response(MYSELF))
    async with mock_site(handler) as site:
        await site.client.myself()
    assert site.governor.pauses == [1.0]


async def test_html_429_is_retried_and_its_title_becomes_the_message() -> None:
    page = b"<html><head><title>Too Many Requests</title></head><body><h1>429</h1></body></html>"
    throttled = httpx.Response(429, content=page, headers={"Content-Type": "text/html", "Retry-After": "2"})
    async with mock_site(scripted(throttled, throttled), max_attempts=2) as site:
        with pytest.raises(JiraRetryableError) as caught:
            await site.client.myself()
    assert caught.value.status == 429
    assert caught.value.message == "Too Many Requests"
    assert caught.value.retry_after == 2.0
    assert site.governor.pauses == [2.0, 2.0]
    assert site.stats.throttled == 2


async def test_503_with_retry_after_pauses_and_without_it_backs_off() -> None:
    handler = scripted(
        json_response({}, 503, {"Retry-After": "3"}),
        httpx.Response(503),
        json_response(MYSELF),
    )
    async with mock_site(handler) as site:
        await site.client.myself()
    assert site.governor.pauses == [3.0]
    assert site.sleeps.calls == [0.2]  # second failure: backoff(1)
    assert site.stats.throttled == 0  # only 429s count as throttles


@pytest.mark.parametrize("status", [500, 502, 504, 408])
async def test_server_errors_back_off_with_growing_delays(status: int) -> None:
    handler = scripted(
        httpx.Response(status), httpx.Response(status), httpx.Response(status), json_response(MYSELF)
    )
    async with mock_site(handler) as site:
        await site.client.myself()
    assert site.sleeps.calls == [0.1, 0.2, 0.3]
    assert site.stats.wait_seconds == pytest.approx(0.6, abs=0.05)
    assert site.stats.retries == 3
    assert site.governor.acquires == 4  # a token before every attempt


async def test_429_without_retry_after_backs_off() -> None:
    async with mock_site(scripted(httpx.Response(429), json_response(MYSELF))) as site:
        await site.client.myself()
    assert site.governor.pauses == []
    assert site.sleeps.calls == [0.1]


async def test_resets_timeouts_and_broken_bodies_are_retried() -> None:
    handler = scripted(
        httpx.ConnectError("connection refused"),
        httpx.ReadError("connection reset by peer"),
        httpx.RemoteProtocolError("peer closed connection without sending complete message body"),
        httpx.ReadTimeout("timed out"),
        httpx.Response(200, content=b'{"accountId": "ab', headers={"Content-Type": "application/json"}),
        json_response(MYSELF),
    )
    async with mock_site(handler) as site:
        assert await site.client.myself() == MYSELF
    assert site.stats.retries == 5
    assert len(site.sleeps.calls) == 5


async def test_a_hanging_request_is_cut_at_the_timeout() -> None:
    async def hang(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(30)
        return json_response(MYSELF)

    started = time.monotonic()
    async with mock_site(hang, timeout=0.05, max_attempts=2) as site:
        with pytest.raises(JiraRetryableError, match=r"no answer within 0\.05 s"):
            await site.client.myself()
    assert time.monotonic() - started < 2
    assert site.stats.requests == 2  # both attempts were sent, neither answered


@pytest.mark.parametrize(
    ("status", "sample", "error_type", "message"),
    [
        (
            400,
            "400-bad-jql.json",
            JiraBadRequest,
            "Error in the JQL Query: Expecting ')' before the end of the query.",
        ),
        (
            400,
            "cloud-400-unbounded-jql-RECONSTRUCTED.json",
            JiraBadRequest,
            "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.",
        ),
        (
            401,
            "cloud-401-not-authenticated.json",
            JiraAuthError,
            "Client must be authenticated to access this resource.",
        ),
        (
            403,
            "403-no-access.json",
            JiraForbidden,
            "You currently don't have access to perform this operation.",
        ),
        (
            404,
            "cloud-404-issue-not-found.json",
            JiraNotFound,
            "Issue does not exist or you do not have permission to see it.",
        ),
        (410, "cloud-410-search-removed.json", JiraPermanentError, "The requested API has been removed."),
    ],
)
async def test_permanent_errors_are_not_retried_and_carry_jiras_message(
    status: int, sample: str, error_type: type[Exception], message: str
) -> None:
    response = httpx.Response(
        status, content=fixture_bytes(sample), headers={"Content-Type": "application/json"}
    )
    async with mock_site(scripted(response)) as site:
        with pytest.raises(error_type) as caught:
            await site.client.myself()
    error = caught.value
    assert isinstance(error, JiraPermanentError)
    assert error.kind == "permanent"
    assert error.status == status
    assert error.message.startswith(message)
    assert "GET /rest/api/3/myself" in str(error)
    assert site.stats.requests == 1
    assert site.sleeps.calls == []
    assert site.governor.pauses == []


async def test_attempts_are_bounded() -> None:
    async with mock_site(lambda request: httpx.Response(503), max_attempts=3) as site:
        with pytest.raises(JiraRetryableError) as caught:
            await site.client.myself()
    assert caught.value.status == 503
    assert caught.value.kind == "retryable"
    assert site.stats.requests == 3
    assert site.stats.retries == 2
    assert site.sleeps.calls == [0.1, 0.2]  # no pointless sleep after the last attempt


async def test_adaptive_concurrency_halves_on_429_and_grows_on_success() -> None:
    concurrency = AdaptiveConcurrency(initial=8, maximum=16, successes_per_increase=1)
    handler = scripted(json_response({}, 429, {"Retry-After": "1"}), json_response(MYSELF))
    async with mock_site(handler, concurrency=concurrency) as site:
        await site.client.myself()
        assert concurrency.limit == 5  # 8 halved to 4, then +1 for the success
        assert concurrency.in_flight == 0


async def test_answers_warning_of_a_nearly_spent_budget_do_not_grow_concurrency() -> None:
    concurrency = AdaptiveConcurrency(initial=2, maximum=16, successes_per_increase=1)
    near = {"X-RateLimit-NearLimit": "true"}
    handler = scripted(json_response(MYSELF, 200, near), json_response(MYSELF, 200, near), json_response(MYSELF))
    async with mock_site(handler, concurrency=concurrency) as site:
        await site.client.myself()
        await site.client.myself()
        assert (concurrency.limit, site.stats.near_limit) == (2, 2)
        await site.client.myself()
        assert concurrency.limit == 3  # an answer without the warning grows it again


async def test_same_host_redirect_is_followed_with_credentials() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/rest/api/3/myself":
            return httpx.Response(302, headers={"Location": "/rest/api/3/myself/moved"})
        return json_response(MYSELF)

    async with mock_site(handle) as site:
        assert await site.client.myself() == MYSELF
    assert [str(r.url) for r in site.requests] == [
        f"{CLOUD_URL}/rest/api/3/myself",
        f"{CLOUD_URL}/rest/api/3/myself/moved",
    ]
    assert all(r.headers["Authorization"].startswith("Basic ") for r in site.requests)


async def test_api_redirect_to_another_host_is_refused() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "https://evil.example.net/steal?sig=abc"})

    async with mock_site(handle) as site:
        with pytest.raises(JiraProtocolError) as caught:
            await site.client.myself()
    assert len(site.requests) == 1
    assert "evil.example.net" in caught.value.message
    assert "sig=abc" not in str(caught.value)


async def test_http_to_https_redirect_is_refused_with_a_hint() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": "https://jira.example.org/rest/api/2/myself"})

    async with mock_site(handle, base_url="http://jira.example.org", deployment="server") as site:
        with pytest.raises(JiraProtocolError, match="use it as the base URL"):
            await site.client.myself()


async def test_an_html_page_with_200_is_not_jira() -> None:
    page = b"<html><head><title>Log in - Corporate SSO</title></head></html>"
    response = httpx.Response(200, content=page, headers={"Content-Type": "text/html;charset=UTF-8"})
    async with mock_site(scripted(response)) as site:
        with pytest.raises(JiraProtocolError, match="Corporate SSO"):
            await site.client.myself()
    assert site.stats.retries == 0


async def test_base_url_with_a_path_prefix_keeps_it() -> None:
    base = "https://api.atlassian.com/ex/jira/11223344-a1b2-c3d4-e5f6-000000000000/"
    async with mock_site(lambda request: json_response(MYSELF), base_url=base) as site:
        await site.client.myself()
    assert site.requests[0].url.path == "/ex/jira/11223344-a1b2-c3d4-e5f6-000000000000/rest/api/3/myself"
    assert (
        site.governor.events[0][1] == "https://api.atlassian.com/ex/jira/11223344-a1b2-c3d4-e5f6-000000000000"
    )


async def test_every_request_carries_a_timeout() -> None:
    async with mock_site(lambda request: json_response(MYSELF), timeout=12.5) as site:
        await site.client.myself()
    assert site.requests[0].extensions["timeout"] == {
        "connect": 12.5,
        "read": 12.5,
        "write": 12.5,
        "pool": 12.5,
    }
