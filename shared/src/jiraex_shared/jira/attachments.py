"""Attachment downloads: Cloud's 303 followed without credentials, Range resume, size verified."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing
from urllib.parse import quote

import httpx

from jiraex_shared.jira.errors import JiraPermanentError, JiraProtocolError, JiraRetryableError
from jiraex_shared.jira.exchange import Call
from jiraex_shared.jira.server_info import Deployment
from jiraex_shared.jira.transport import Transport

# A pre-signed media link that expired or was refused: a fresh one comes with the next API request.
_STALE_LINK_STATUSES = frozenset({401, 403, 410})
# Resumes allowed in total, as a multiple of max_attempts (progress-making resumes are not otherwise capped).
_RESUME_BUDGET = 10


class _StaleLink(Exception):
    pass


def content_url(base_url: str, deployment: Deployment, attachment: dict) -> str:
    """Built from the base URL, not the metadata's `content` link: that names the site host, which a scoped
    token (api.atlassian.com) or a Server behind a different public URL cannot use."""
    attachment_id = quote(str(attachment["id"]), safe="")
    if deployment == "cloud":
        return f"{base_url}/rest/api/3/attachment/content/{attachment_id}"
    return f"{base_url}/secure/attachment/{attachment_id}/{quote(_path_safe(attachment), safe='')}"


def _path_safe(attachment: dict) -> str:
    """The filename as one path segment. Only names that cannot travel in one are changed: an encoded `/`
    is refused or split by servlet containers (and Jira strips `/` from uploaded names anyway), and `.` or
    `..` would be collapsed by URL normalisation. Server looks the file up by the id segment."""
    name = str(attachment.get("filename") or "")
    name = name.replace("/", "_")
    return name if name.strip(".") else f"attachment-{attachment['id']}"


async def stream_attachment(
    transport: Transport, url: str, *, expected_size: int | None, max_attempts: int
) -> AsyncGenerator[bytes, None]:
    """The attachment's bytes, in order, exactly once each, resuming with `Range` where a transfer broke off.

    Raises JiraRetryableError when `max_attempts` resumes in a row make no progress (or the overall budget
    runs out), JiraProtocolError when the bytes disagree with the metadata size.
    """
    where = f"GET {httpx.URL(url).path}"
    received = 0
    stalls = 0
    resumes = 0
    while True:
        before = received
        try:
            async with aclosing(_download(transport, url, received)) as chunks:
                async for chunk in chunks:
                    if expected_size is not None and received + len(chunk) > expected_size:
                        raise JiraProtocolError(
                            f"attachment is larger than its metadata says ({expected_size} bytes)",
                            where=where,
                        )
                    received += len(chunk)
                    yield chunk
            if expected_size is None or received == expected_size:
                return
            reason = f"transfer ended after {received} of {expected_size} bytes"
        except _StaleLink as stale:
            reason = f"download link refused ({stale})"
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError, TimeoutError) as error:
            if expected_size is not None and received == expected_size:
                return  # every byte arrived; only the connection's ending went wrong
            reason = f"transfer broke off after {received} bytes ({type(error).__name__})"
        stalls = 0 if received > before else stalls + 1
        resumes += 1
        if stalls >= max_attempts or resumes > max_attempts * _RESUME_BUDGET:
            raise JiraRetryableError(f"attachment download did not complete: {reason}", where=where)
        transport.stats.retries += 1
        await transport.backoff(max(0, stalls - 1))


async def _download(transport: Transport, url: str, offset: int) -> AsyncGenerator[bytes, None]:
    # Identity encoding: Range offsets must count the stored bytes, not a compressed stream.
    headers = {"Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    api_call = Call("GET", url, headers=headers, stream=True, expect_json=False, offsite_redirect=True)
    async with transport.open(api_call) as answer:
        target = answer.redirect_target
        if target is None:
            async for chunk in _body(answer.response, offset, where=api_call):
                yield chunk
            return
    # Cloud: 303 to a pre-signed media URL on another host; that request carries no Authorization header.
    media_call = Call("GET", str(target), headers=headers, to_jira=False, stream=True, expect_json=False)
    try:
        async with transport.open(media_call) as media:
            async for chunk in _body(media.response, offset, where=media_call):
                yield chunk
    except JiraPermanentError as error:
        if error.status in _STALE_LINK_STATUSES:
            raise _StaleLink(error.message) from None
        raise


async def _body(response: httpx.Response, offset: int, *, where: Call) -> AsyncGenerator[bytes, None]:
    skip = 0
    if offset:
        if response.status_code == 206:
            content_range = response.headers.get("content-range", "")
            if not content_range.startswith(f"bytes {offset}-"):
                raise JiraProtocolError(
                    f"asked for bytes from {offset} but got range {content_range!r}",
                    status=206,
                    where=f"{where.method} {httpx.URL(where.url).path}",
                )
        else:
            skip = offset  # the server ignored Range and sent everything again
    async for chunk in response.aiter_bytes():
        if skip:
            dropped = min(skip, len(chunk))
            skip -= dropped
            chunk = chunk[dropped:]
        if chunk:
            yield chunk
