"""Routing: exact paths, templates, 405 with the allowed methods, HEAD served by GET."""

from jiraex_jira_sim.server.request import Request
from jiraex_jira_sim.server.responses import Response, json_response
from jiraex_jira_sim.server.router import Router


async def ok(request: Request, params: dict[str, str]) -> Response:
    return json_response(params)


def make_router() -> Router:
    router = Router()
    router.add("GET", "/rest/api/3/issue/{key}", ok)
    router.add("GET", "/rest/api/3/issue/{key}/comment", ok)
    router.add("POST", "/rest/api/3/issue/bulkfetch", ok)
    router.add("GET", "/rest/api/3/serverInfo", ok, auth=False)
    return router


def test_templates_and_exact_paths() -> None:
    router = make_router()
    found = router.match("GET", "/rest/api/3/issue/ABC-1/comment")
    assert found.route is not None
    assert found.params == {"key": "ABC-1"}
    assert found.route.name == "GET /rest/api/3/issue/{key}/comment"
    assert router.match("GET", "/rest/api/3/issue/ABC-1").params == {"key": "ABC-1"}
    info = router.match("GET", "/rest/api/3/serverInfo")
    assert info.route is not None
    assert info.route.auth is False
    assert router.match("HEAD", "/rest/api/3/serverInfo").route is info.route


def test_misses() -> None:
    router = make_router()
    assert router.match("GET", "/rest/api/3/issue/A-1/comment/extra").route is None
    assert router.match("GET", "/rest/api/3/nothing").allowed == ()
    wrong = router.match("GET", "/rest/api/3/issue/bulkfetch")  # the exact path wins over {key}
    assert wrong.route is None
    assert wrong.allowed == ("POST",)
    assert router.match("DELETE", "/rest/api/3/issue/A-1").allowed == ("GET", "HEAD")


def test_request_parsing() -> None:
    request = Request.from_target(
        "GET", "/rest/api/3/search%2Fjql?fields=id&fields=key,summary&expand=&jql=a%20%3D%20b", {}, b"", 0.0
    )
    assert request.path == "/rest/api/3/search/jql"
    assert request.args("fields") == ["id", "key,summary"]
    assert request.arg("expand") == ""
    assert request.arg("jql") == "a = b"
    assert request.arg("missing") is None


def test_encoded_slash_stays_inside_its_segment() -> None:
    router = Router()
    router.add("GET", "/secure/attachment/{id}/{filename}", ok)
    found = router.match("GET", "/secure/attachment/10044/..%2F..%2Fetc%2Fpasswd")
    assert found.route is not None
    assert found.params == {"id": "10044", "filename": "../../etc/passwd"}
    assert router.match("GET", "/secure/attachment/10044/../../etc/passwd").route is None
    assert router.match("GET", "/secure/attachment//x").route is None  # empty segments never bind
