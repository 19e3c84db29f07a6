"""Credentials produce the right Authorization header and never show the secret."""

from __future__ import annotations

import base64
import pickle

import httpx
import pytest
import structlog
from jira_mock_site import TOKEN, json_response, mock_site

from jiraex_shared.jira import JiraAuthError, JiraClient, JiraCredentials, JiraRetryableError
from jiraex_shared.jira.client import normalise_base_url


def test_basic_header_is_email_and_token() -> None:
    credentials = JiraCredentials(auth="basic", user="robot@example.com", token=TOKEN)
    expected = base64.b64encode(f"robot@example.com:{TOKEN}".encode()).decode()
    assert credentials.authorization() == f"Basic {expected}"


def test_bearer_header_is_the_personal_access_token() -> None:
    assert JiraCredentials(auth="bearer", user=None, token=TOKEN).authorization() == f"Bearer {TOKEN}"


def test_repr_and_str_hide_the_token() -> None:
    credentials = JiraCredentials(auth="basic", user="robot@example.com", token=TOKEN)
    for text in (repr(credentials), str(credentials), f"{credentials}", repr([credentials])):
        assert TOKEN not in text
        assert "***" in text


@pytest.mark.parametrize(
    ("auth", "user", "token"), [("basic", None, TOKEN), ("basic", "a@b.c", ""), ("oauth", "a@b.c", TOKEN)]
)
def test_incomplete_credentials_are_refused_without_echoing_the_token(
    auth: str, user: str | None, token: str
) -> None:
    with pytest.raises(ValueError, match=r"auth kind|needs a user|is empty") as caught:
        JiraCredentials(auth=auth, user=user, token=token)  # type: ignore[arg-type]
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "https://robot:secret@acme.atlassian.net",
        "ftp://acme.atlassian.net",
        "https://acme.atlassian.net/?a=1",
    ],
)
def test_unusable_base_urls_are_refused_without_echoing_them(url: str) -> None:
    with pytest.raises(ValueError, match="Jira base URL") as caught:
        normalise_base_url(url)
    assert "secret" not in str(caught.value)


async def test_the_token_never_reaches_errors_reprs_or_logs() -> None:
    encoded = base64.b64encode(f"robot@example.com:{TOKEN}".encode()).decode()
    answers = iter([httpx.Response(503), httpx.Response(401, headers={"WWW-Authenticate": "Basic"})])
    with structlog.testing.capture_logs() as logs:
        async with mock_site(lambda request: next(answers)) as site:
            with pytest.raises(JiraAuthError) as caught:
                await site.client.myself()
            texts = [repr(site.client), str(caught.value), repr(caught.value), repr(logs)]
            texts.append(repr(pickle.loads(pickle.dumps(caught.value))))
    assert site.requests[0].headers["Authorization"] == f"Basic {encoded}"
    assert logs, "the retry was logged"
    for text in texts:
        assert TOKEN not in text
        assert encoded not in text


async def test_bearer_is_sent_to_server() -> None:
    credentials = JiraCredentials(auth="bearer", user=None, token=TOKEN)
    async with mock_site(
        lambda request: json_response({"name": "robot"}),
        deployment="server",
        credentials=credentials,
        base_url="https://jira.example.org",
    ) as site:
        await site.client.myself()
    assert site.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert site.requests[0].url.path == "/rest/api/2/myself"


async def test_client_level_auth_of_the_injected_http_client_is_not_used() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return json_response({})

    credentials = JiraCredentials(auth="bearer", user=None, token=TOKEN)
    async with httpx.AsyncClient(transport=httpx.MockTransport(handle), auth=("someone", "else")) as http:
        client = JiraClient(
            "https://jira.example.org", credentials, http, governor=_NoWait(), deployment="server"
        )
        await client.myself()
    assert seen[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_retryable_error_pickles_with_its_fields() -> None:
    error = JiraRetryableError("slow down", status=429, where="GET /x", retry_after=3.0)
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.message, copy.status, copy.where, copy.retry_after) == (
        JiraRetryableError,
        "slow down",
        429,
        "GET /x",
        3.0,
    )


class _NoWait:
    async def acquire(self, site: str) -> None:
        return None

    async def pause(self, site: str, seconds: float) -> None:
        return None

    async def set_rate(self, site: str, per_second: float | None, burst: int | None = None) -> None:
        return None
