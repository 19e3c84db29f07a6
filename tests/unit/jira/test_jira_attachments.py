"""Attachment downloads: Cloud's 303 without credentials, Range resume after a drop, size verification."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from jira_mock_site import CLOUD_URL, SERVER_URL, SyncHandler, mock_site

from jiraex_shared.jira import JiraClient, JiraProtocolError, JiraRetryableError

DATA = bytes(range(256)) * 1000  # 256,000 bytes
MEDIA = "https://api.media.example-cdn.com"
ATTACHMENT = {
    "id": "10050",
    "filename": "report final.pdf",
    "size": len(DATA),
    "mimeType": "application/pdf",
    "content": f"{CLOUD_URL}/rest/api/3/attachment/content/10050",
}


class DroppingStream(httpx.AsyncByteStream):
    """Sends `data` in 64 KiB pieces and breaks off after `drop_after` bytes, like a reset connection."""

    def __init__(self, data: bytes, drop_after: int | None) -> None:
        self._data, self._drop_after = data, drop_after

    async def __aiter__(self) -> AsyncIterator[bytes]:
        limit = len(self._data) if self._drop_after is None else self._drop_after
        for start in range(0, limit, 65536):
            yield self._data[start : min(start + 65536, limit)]
        if self._drop_after is not None:
            raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")


def ranged(request: httpx.Request, data: bytes, drop_after: int | None = None) -> httpx.Response:
    """200 or 206 for the request's Range header; optionally dropping the body after `drop_after` bytes."""
    found = re.fullmatch(r"bytes=(\d+)-", request.headers.get("range", ""))
    start = int(found.group(1)) if found else 0
    part = data[start:]
    headers = {"Content-Length": str(len(part)), "Content-Type": "application/octet-stream"}
    if found:
        headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
    return httpx.Response(206 if found else 200, headers=headers, stream=DroppingStream(part, drop_after))


async def download(client: JiraClient, attachment: dict = ATTACHMENT) -> bytes:
    return b"".join([chunk async for chunk in client.stream_attachment(attachment)])


def cloud_site(media: SyncHandler) -> SyncHandler:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == "acme.atlassian.net":
            assert request.url.path == "/rest/api/3/attachment/content/10050"
            return httpx.Response(303, headers={"Location": f"{MEDIA}/file/10050/binary?token=sig"})
        return media(request)

    return handle


async def test_cloud_follows_the_303_without_authorization() -> None:
    async with mock_site(
        cloud_site(lambda request: ranged(request, DATA)),
        http_headers={"Authorization": "Basic client-default-must-not-leak"},
    ) as site:
        assert await download(site.client) == DATA
    api, media = site.requests
    assert api.headers["Authorization"].startswith("Basic ")
    assert api.headers["Authorization"] != "Basic client-default-must-not-leak"
    assert str(media.url) == f"{MEDIA}/file/10050/binary?token=sig"
    assert "authorization" not in media.headers
    assert site.governor.acquires == 1  # the media host is not Jira's budget
    assert site.stats.requests == 2


async def test_server_downloads_from_secure_attachment_with_credentials() -> None:
    attachment = {**ATTACHMENT, "content": "http://wrong-public-name/jira/secure/attachment/10050/x"}
    async with mock_site(
        lambda request: ranged(request, DATA), deployment="server", base_url=SERVER_URL
    ) as site:
        assert await download(site.client, attachment) == DATA
    (request,) = site.requests
    assert request.url.raw_path == b"/jira/secure/attachment/10050/report%20final.pdf"
    assert request.headers["Authorization"].startswith("Basic ")
    assert request.headers["Accept-Encoding"] == "identity"


async def test_a_dropped_stream_resumes_with_range() -> None:
    drops = iter([100_000, 90_000])

    def media(request: httpx.Request) -> httpx.Response:
        return ranged(request, DATA, drop_after=next(drops, None))

    async with mock_site(cloud_site(media)) as site:
        data = await download(site.client)
    assert hashlib.sha256(data).digest() == hashlib.sha256(DATA).digest()
    media_requests = [r for r in site.requests if r.url.host != "acme.atlassian.net"]
    assert [r.headers.get("range") for r in media_requests] == [None, "bytes=100000-", "bytes=190000-"]
    assert site.stats.retries == 2
    assert len(site.requests) == 6  # each resume asks Jira for a fresh pre-signed link


async def test_a_server_that_ignores_range_still_yields_each_byte_once() -> None:
    drops = iter([70_000])

    def media(request: httpx.Request) -> httpx.Response:
        drop = next(drops, None)
        full = httpx.Request("GET", request.url)  # answer as if no Range header had been sent
        return ranged(full, DATA, drop_after=drop)

    async with mock_site(cloud_site(media)) as site:
        assert await download(site.client) == DATA


async def test_a_drop_after_the_last_byte_needs_no_resume() -> None:
    async with mock_site(cloud_site(lambda request: ranged(request, DATA, drop_after=len(DATA)))) as site:
        assert await download(site.client) == DATA
    assert len(site.requests) == 2


async def test_a_clean_but_short_body_is_resumed() -> None:
    calls = 0

    def media(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            return httpx.Response(200, content=DATA[:1000])
        return ranged(request, DATA)

    async with mock_site(cloud_site(media)) as site:
        assert await download(site.client) == DATA


async def test_more_bytes_than_the_metadata_says_is_an_error() -> None:
    async with mock_site(cloud_site(lambda request: ranged(request, DATA + b"extra"))) as site:
        with pytest.raises(JiraProtocolError, match="larger than its metadata"):
            await download(site.client)


async def test_a_wrong_content_range_is_an_error() -> None:
    drops = iter([1000])

    def media(request: httpx.Request) -> httpx.Response:
        response = ranged(request, DATA, drop_after=next(drops, None))
        if "range" in request.headers:
            response.headers["Content-Range"] = f"bytes 0-{len(DATA) - 1}/{len(DATA)}"
        return response

    async with mock_site(cloud_site(media)) as site:
        with pytest.raises(JiraProtocolError, match="asked for bytes from 1000"):
            await download(site.client)


async def test_resumes_without_progress_are_bounded() -> None:
    async with mock_site(
        cloud_site(lambda request: ranged(request, DATA, drop_after=0)), max_attempts=3
    ) as site:
        with pytest.raises(JiraRetryableError, match="did not complete"):
            await download(site.client)
    assert len(site.requests) == 6  # three tries, two hops each
    assert site.sleeps.calls == [0.1, 0.2]


async def test_an_expired_media_link_is_replaced_by_a_fresh_one() -> None:
    answers = iter([httpx.Response(403, json={"error": {"code": "Forbidden", "message": "expired"}})])

    def media(request: httpx.Request) -> httpx.Response:
        return next(answers, None) or ranged(request, DATA)

    async with mock_site(cloud_site(media)) as site:
        assert await download(site.client) == DATA
    assert len(site.requests) == 4


async def test_a_missing_attachment_is_a_permanent_not_found() -> None:
    from jiraex_shared.jira import JiraNotFound

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"errorMessages": ["The attachment with id '10050' does not exist"]})

    async with mock_site(handle) as site:
        with pytest.raises(JiraNotFound, match="does not exist"):
            await download(site.client)
    assert len(site.requests) == 1


async def test_stopping_early_releases_the_connection_and_slot() -> None:
    from jiraex_shared.ratelimit import AdaptiveConcurrency

    concurrency = AdaptiveConcurrency(initial=1, maximum=1)
    async with mock_site(cloud_site(lambda request: ranged(request, DATA)), concurrency=concurrency) as site:
        stream = site.client.stream_attachment(ATTACHMENT)
        first = await anext(stream)
        assert concurrency.in_flight == 1
        await stream.aclose()
        assert concurrency.in_flight == 0
    assert first == DATA[:65536]
