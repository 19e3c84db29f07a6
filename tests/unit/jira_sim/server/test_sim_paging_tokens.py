"""Page tokens are opaque, bound to their query and tamper-evident."""

import base64

import pytest

from jiraex_jira_sim.paging_tokens import InvalidPageToken, PageTokenCodec


def test_round_trip_and_opacity() -> None:
    codec = PageTokenCodec(b"secret")
    scope = codec.scope("search/jql", "project = A")
    token = codec.encode(scope, 5000)
    assert "5000" not in token
    assert "project" not in token
    assert codec.decode(token, scope) == 5000


@pytest.mark.parametrize("mangle", ["flip", "other_scope", "other_secret", "garbage", "empty", "truncated"])
def test_rejections(mangle: str) -> None:
    codec = PageTokenCodec(b"secret")
    scope = codec.scope("search/jql", "project = A")
    token = codec.encode(scope, 100)
    if mangle == "flip":
        raw = bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        raw[5] ^= 1
        token = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    elif mangle == "other_scope":
        scope = codec.scope("search/jql", "project = B")
    elif mangle == "other_secret":
        token = PageTokenCodec(b"another").encode(scope, 100)
    elif mangle == "garbage":
        token = "%%%not base64%%%"
    elif mangle == "empty":
        token = ""
    else:
        token = token[:6]
    with pytest.raises(InvalidPageToken):
        codec.decode(token, scope)
