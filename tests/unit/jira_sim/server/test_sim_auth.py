"""Authentication decisions and refusal shapes, per deployment."""

import base64

import msgspec

from jiraex_jira_sim.auth import Authenticator, Credentials, Principal
from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response

CREDS = Credentials(email="Me@Example.com", token="tok", user="jdoe", password="pw")


def request(authorization: str | None) -> Request:
    headers = {"authorization": authorization} if authorization is not None else {}
    return Request.from_target("GET", "/rest/api/3/myself", headers, b"", 0.0)


def basic(user: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()


def header(response: Response, name: str) -> str | None:
    return next((value for key, value in response.headers if key.lower() == name.lower()), None)


def test_cloud() -> None:
    auth = Authenticator(cloud=True, credentials=CREDS, base_url="http://127.0.0.1:1")
    ok = auth.authenticate(request(basic("me@example.com", "tok")))
    assert ok == Principal(credential="me@example.com", user="Me@Example.com")
    assert auth.authenticate(request(None)) == Principal("anonymous", "anonymous", anonymous=True)
    for bad in (
        basic("me@example.com", "nope"),
        basic("other@example.com", "tok"),
        "Basic %%%",
        "Digest x",
        basic("jdoe", "pw"),
    ):
        refusal = auth.authenticate(request(bad))
        assert isinstance(refusal, Response)
        assert refusal.status == 401
        assert msgspec.json.decode(refusal.body) == {
            "message": "Client must be authenticated to access this resource.",
            "status-code": 401,
        }
        assert header(refusal, "X-Seraph-LoginReason") == "AUTHENTICATED_FAILED"
        assert header(refusal, "WWW-Authenticate") == 'OAuth realm="http%3A%2F%2F127.0.0.1%3A1"'
    bearer = auth.authenticate(request("Bearer tok"))
    assert isinstance(bearer, Response)
    assert bearer.status == 403
    assert auth.unauthenticated().status == 401
    assert header(auth.unauthenticated(), "X-Seraph-LoginReason") is None


def test_server() -> None:
    auth = Authenticator(cloud=False, credentials=CREDS, base_url="http://jira.local")
    pat = auth.authenticate(request("Bearer tok"))
    assert isinstance(pat, Principal)
    assert pat.user == "jdoe"
    assert pat.credential.startswith("pat:")
    assert "tok" not in pat.credential  # the secret never becomes a stats key
    assert auth.authenticate(request(basic("jdoe", "pw"))) == Principal("jdoe", "jdoe")
    for bad in ("Bearer nope", basic("jdoe", "nope"), basic("me@example.com", "tok")):
        refusal = auth.authenticate(request(bad))
        assert isinstance(refusal, Response)
        assert refusal.status == 401
        assert refusal.content_type is not None
        assert refusal.content_type.startswith("text/html")
        assert header(refusal, "X-Seraph-LoginReason") == "AUTHENTICATED_FAILED"
    anonymous = auth.unauthenticated()
    assert msgspec.json.decode(anonymous.body)["errorMessages"] == [
        "You are not authenticated. Authentication required to perform this operation."
    ]


def test_server_without_password_accepts_only_the_pat() -> None:
    auth = Authenticator(cloud=False, credentials=Credentials(email="x@y.z", token="t"), base_url="http://j")
    assert isinstance(auth.authenticate(request(basic("x", "t"))), Response)
    assert isinstance(auth.authenticate(request("Bearer t")), Principal)
