"""Attachment downloads: Cloud's 303 to a separate media host (no Jira auth there), Range, Server's /secure."""

from __future__ import annotations

import hashlib
from urllib.parse import quote, urlsplit

import httpx

from jiraex_jira_sim.runner import RunningSimulator


def biggest_attachment(sim: RunningSimulator):
    ds = sim.dataset
    return max((a for i in range(len(ds)) for a in ds.attachments(i)), key=lambda a: a.size)


async def test_cloud_content_redirects_to_the_media_host(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator):
    info = biggest_attachment(cloud_sim)
    assert info.size > 64 * 1024
    redirect = await cloud.get(f"/rest/api/3/attachment/content/{info.id}")
    assert redirect.status_code == 303
    assert redirect.content == b""
    location = redirect.headers["location"]
    assert urlsplit(location).port != urlsplit(cloud_sim.base_url).port
    assert location.startswith(cloud_sim.media_url)

    # Following the redirect with the Jira client: httpx drops Authorization on the cross-origin hop.
    followed = await cloud.get(f"/rest/api/3/attachment/content/{info.id}", follow_redirects=True)
    assert followed.status_code == 200
    assert hashlib.sha256(followed.content).hexdigest() == cloud_sim.dataset.attachment_sha256(info.id)
    assert followed.headers["accept-ranges"] == "bytes"

    async with httpx.AsyncClient(timeout=10) as media:
        leaked = await media.get(location, headers={"Authorization": cloud.headers.get("authorization", "Basic eA==")})
        assert leaked.status_code == 400
        forged = await media.get(location.replace("token=", "token=0"))
        assert forged.status_code == 403

        part = await media.get(location, headers={"Range": "bytes=100-199"})
        assert part.status_code == 206
        assert part.headers["content-range"] == f"bytes 100-199/{info.size}"
        assert part.content == followed.content[100:200]
        tail = await media.get(location, headers={"Range": "bytes=-10"})
        assert tail.status_code == 206
        assert tail.content == followed.content[-10:]
        rest = await media.get(location, headers={"Range": f"bytes={info.size - 5}-"})
        assert rest.content == followed.content[-5:]
        beyond = await media.get(location, headers={"Range": f"bytes={info.size}-"})
        assert beyond.status_code == 416
        assert beyond.headers["content-range"] == f"bytes */{info.size}"
        head = await media.head(location)
        assert head.status_code == 200
        assert head.headers["content-length"] == str(info.size)
        assert head.content == b""


async def test_cloud_redirect_false_answers_the_bytes(cloud: httpx.AsyncClient, cloud_sim: RunningSimulator):
    ds = cloud_sim.dataset
    info = biggest_attachment(cloud_sim)
    direct = await cloud.get(f"/rest/api/3/attachment/content/{info.id}", params={"redirect": "false"})
    assert direct.status_code == 200
    assert hashlib.sha256(direct.content).hexdigest() == ds.attachment_sha256(info.id)
    ranged = await cloud.get(
        f"/rest/api/3/attachment/content/{info.id}", params={"redirect": "false"}, headers={"Range": "bytes=0-0"}
    )
    assert ranged.status_code == 206
    assert ranged.content == direct.content[:1]

    empty = next(a for i in range(len(ds)) for a in ds.attachments(i) if a.size == 0)
    zero = await cloud.get(f"/rest/api/3/attachment/content/{empty.id}", params={"redirect": "false"})
    assert zero.status_code == 200
    assert zero.content == b""
    assert (await cloud.get("/rest/api/3/attachment/content/99999999")).status_code == 404
    assert (await cloud.get("/rest/api/3/attachment/meta")).json()["enabled"] is True


async def test_server_serves_secure_attachments(server: httpx.AsyncClient, server_sim: RunningSimulator) -> None:
    ds = server_sim.dataset
    info = biggest_attachment(server_sim)
    meta = (await server.get(f"/rest/api/2/attachment/{info.id}")).json()
    path = f"/secure/attachment/{info.id}/{quote(info.filename)}"
    assert meta["content"].endswith(path)
    body = await server.get(path)
    assert body.status_code == 200
    assert hashlib.sha256(body.content).hexdigest() == ds.attachment_sha256(info.id)
    part = await server.get(path, headers={"Range": "bytes=10-"})
    assert part.status_code == 206
    assert part.content == body.content[10:]
    async with httpx.AsyncClient(base_url=server_sim.base_url) as anonymous:
        assert (await anonymous.get(path)).status_code == 401
    assert (await server.get(f"/rest/api/2/attachment/content/{info.id}")).status_code == 404


async def test_server_secure_link_with_awkward_filenames(server: httpx.AsyncClient, server_sim: RunningSimulator):
    """The ``content`` link works as given, even for ``../../etc/passwd`` (an encoded ``/`` stays in its segment)."""
    ds = server_sim.dataset
    awkward = [a for i in range(len(ds)) for a in ds.attachments(i) if set(a.filename) & set('/\\?#%"')]
    assert any("/" in a.filename for a in awkward)
    for info in awkward:
        meta = (await server.get(f"/rest/api/2/attachment/{info.id}")).json()
        assert meta["filename"] == info.filename
        body = await server.get(meta["content"])
        assert body.status_code == 200, (info.filename, meta["content"])
        assert hashlib.sha256(body.content).hexdigest() == ds.attachment_sha256(info.id)
