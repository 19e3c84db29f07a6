"""The product path over HTTP with the real fleet: log in, create a connection to the simulator and test it, launch
an export, follow its SSE stream to job.succeeded, download every file (SHA-256 as in the manifest) and preview the
HTML under the sandbox CSP."""

import hashlib
import json
from pathlib import Path

import httpx
import pytest
from api_harness import fast_hasher, running_api
from fleet_harness import running_fleet
from jobs_api_helpers import served
from sse_parsing import sse_events

from jiraex_jira_sim.config import SimConfig
from jiraex_shared.settings import load_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SIM = SimConfig(issues=60, seed=5, heavy_every=25, max_attachment_bytes=10_000)


async def test_launch_follow_download_and_preview(
    pg_url: str, redis_url: str, rabbitmq_url: str, s3_bucket: tuple[str, str], tmp_path: Path
) -> None:
    async with running_fleet(pg_url, redis_url, rabbitmq_url, s3_bucket, tmp_path, sim=SIM) as fleet:
        settings = load_settings({**fleet.env, "JIRA_EXTRACTOR_DATA_DIR": str(tmp_path / "api")})
        # The workers write progress streams without a key prefix; the API must read the same keys.
        async with (
            running_api(settings, hasher=fast_hasher(), redis_prefix="") as api,
            served(api.app) as base,
            httpx.AsyncClient(base_url=base, timeout=60) as client,
        ):
            login = await client.post("/api/auth/login",
                                      json={"email": "fleet@example.com", "password": "a long enough password"})
            assert login.status_code == 200, login.text
            headers = {"Authorization": f"Bearer {login.json()['token']}"}
            created = await client.post("/api/connections", headers=headers, json={
                "name": "Simulated Jira", "base_url": fleet.sim.base_url, "auth_type": "basic",
                "email": SIM.email, "token": SIM.token,
            })
            assert created.status_code == 201, created.text
            assert SIM.token not in created.text
            connection_id = created.json()["id"]
            tested = await client.post(f"/api/connections/{connection_id}/test", headers=headers)
            assert tested.status_code == 200 and tested.json()["ok"] is True, tested.text
            launched = await client.post("/api/export", headers=headers, json={
                "connection_id": connection_id, "jql": "project = ALPHA ORDER BY key ASC",
                "formats": ["json", "csv", "html"], "archive": True, "name": "flow",
            })
            assert launched.status_code == 202, launched.text
            job_id = launched.json()["job_id"]

            seen = []
            async with client.stream("GET", f"/api/jobs/{job_id}/stream", headers=headers) as stream:
                assert stream.headers["content-type"].startswith("text/event-stream")
                async for event in sse_events(stream.aiter_lines()):
                    seen.append(event)
            kinds = [event.event for event in seen if event.data]
            assert kinds[0] == "job.snapshot" and kinds[-1] == "job.succeeded", kinds
            assert "job.progressed" in kinds and "job.file_stored" in kinds
            progressed = [event.json for event in seen if event.event == "job.progressed"]
            exported = [event["counts"]["issues_exported"] for event in progressed]
            assert exported == sorted(exported)  # totals never go down on the stream

            detail = (await client.get(f"/api/jobs/{job_id}", headers=headers)).json()
            assert detail["state"] == "succeeded" and detail["receipt"] is not None
            files = (await client.get(f"/api/jobs/{job_id}/files", headers=headers)).json()
            manifest = await client.get(f"/api/jobs/{job_id}/files/manifest.json", headers=headers)
            listed = {entry["path"]: entry["sha256"] for entry in json.loads(manifest.content)["files"]}
            assert listed and set(listed) <= {entry["path"] for entry in files}
            for path, sha256 in listed.items():
                body = await client.get(f"/api/jobs/{job_id}/files/{path}", headers=headers)
                assert body.status_code == 200, path
                assert hashlib.sha256(body.content).hexdigest() == sha256, path
            preview = await client.get(f"/api/jobs/{job_id}/files/html/index.html", params={"inline": "1"},
                                       headers=headers)
            assert preview.status_code == 200 and preview.headers["content-type"].startswith("text/html")
            assert preview.headers["content-security-policy"].split(";")[0] == "sandbox"
            assert preview.headers["x-content-type-options"] == "nosniff"
            archive = await client.get(f"/api/jobs/{job_id}/archive", headers=headers)
            assert archive.status_code == 200 and archive.content[:2] == b"PK"
