"""S9: no path given to the file routes reaches outside the job's own recorded files (research §B9)."""

import uuid
from pathlib import Path

import httpx
from api_harness import ApiHarness
from jobs_api_helpers import add_connection, finished_job, sign_in

CANARY = b"CANARY-other-job-secret"
OWN = b"own file"


def corpus(other_job: str) -> list[str]:
    """Raw request paths after `/files/`: dot segments in every spelling, absolute and foreign keys, odd bytes."""
    return [
        "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "%252e%252e%252f%252e%252e%252fetc%252fpasswd", "..%5c..%5cwindows%5cwin.ini", "..\\..\\etc\\passwd",
        "/etc/passwd", "%2fetc%2fpasswd", "//etc/passwd", "issues.json%00.png", "issues.json/../../x",
        f"../../{other_job}/export/secret.json", f"../{other_job}/export/secret.json",
        f"jobs/{other_job}/export/secret.json", f"%2e%2e/%2e%2e/{other_job}/export/secret.json",
        "..%c0%af..%c0%afetc%c0%afpasswd", "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "%EF%BC%8E%EF%BC%8E/%EF%BC%8E%EF%BC%8E/etc/passwd",
        "export/issues.json", "./issues.json", "issues.json/", "ISSUES.JSON", "issues.json;.html", "*", "%",
        "../../../../../../../../.." + "/..%2f" * 40 + "etc/passwd",
    ]


async def _get_raw(api: ApiHarness, job_id: str, raw_tail: str, headers: dict[str, str]) -> httpx.Response:
    """Send the path bytes as written: httpx would otherwise resolve dot segments before sending."""
    request = api.client.build_request("GET", f"/api/jobs/{job_id}/files/x", headers=headers)
    raw = f"/api/jobs/{job_id}/files/{raw_tail}".encode()
    request.url = request.url.copy_with(raw_path=raw)
    return await api.client.send(request)


async def test_traversal_corpus_never_serves_another_file(api: ApiHarness, tmp_path: Path) -> None:
    alice = await sign_in(api, "alice@example.com")
    connection = await add_connection(api, alice.user_id)
    job_id = await finished_job(api, alice.user_id, connection, {"issues.json": OWN})
    other_job = await finished_job(api, alice.user_id, connection, {"secret.json": CANARY})
    (tmp_path / "outside.txt").write_bytes(CANARY)  # beside the exports volume, inside the data dir
    for tail in corpus(other_job):
        response = await _get_raw(api, job_id, tail, alice.headers)
        assert CANARY not in response.content, tail
        assert b"root:" not in response.content, tail
        # Refused, or (for a spelling the router normalises, such as "./issues.json") the job's own file.
        assert response.status_code in (400, 404) or response.content == OWN, (tail, response.status_code)
    # The job's own file under its exact recorded path still works; the other job's under its own id too.
    assert (await _get_raw(api, job_id, "issues.json", alice.headers)).content == OWN
    assert (await _get_raw(api, other_job, "secret.json", alice.headers)).content == CANARY


async def test_a_foreign_job_id_or_path_in_the_job_segment_is_not_found(api: ApiHarness) -> None:
    alice, bob = await sign_in(api, "alice@example.com"), await sign_in(api, "bob@example.com")
    job_id = await finished_job(api, alice.user_id, await add_connection(api, alice.user_id), {"secret.json": CANARY})
    for url in (f"/api/jobs/{job_id}/files/secret.json", f"/api/jobs/{job_id}/files", f"/api/jobs/{job_id}/archive",
                f"/api/jobs/{uuid.uuid4()}/files/secret.json", "/api/jobs/..%2f..%2f/files/secret.json",
                f"/api/jobs/{job_id}%2f..%2f{job_id}/files/secret.json"):
        response = await api.client.get(url, headers=bob.headers)
        assert response.status_code in (400, 404), (url, response.status_code)
        assert CANARY not in response.content
