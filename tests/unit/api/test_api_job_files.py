"""Job files: list, download with Content-Type/Length/Disposition, ranges, the sandboxed preview, the archive."""

import hashlib

from api_harness import ApiHarness
from jobs_api_helpers import add_connection, finished_job, sign_in

from jiraex_api.services.byte_ranges import ByteRange, parse_range
from jiraex_api.services.file_downloads import content_disposition

HTML = b"<html><body><script>alert(1)</script>hello</body></html>"
CSV = bytes(range(256)) * 4
FILES = {"html/index.html": HTML, "csv/issues.csv": CSV, "issues.json": b"[1, 2]", "fields.svg": b"<svg/>",
         "Ünïcode \"name\".txt": b"text"}


async def _job(api: ApiHarness, email: str = "alice@example.com", **kwargs: object) -> tuple[str, dict[str, str]]:
    alice = await sign_in(api, email)
    job_id = await finished_job(api, alice.user_id, await add_connection(api, alice.user_id), FILES, **kwargs)
    return job_id, alice.headers


async def test_list_and_download_with_exact_headers(api: ApiHarness) -> None:
    job_id, headers = await _job(api)
    listed = (await api.client.get(f"/api/jobs/{job_id}/files", headers=headers)).json()
    assert {item["path"]: item["sha256"] for item in listed} == {
        path: hashlib.sha256(data).hexdigest() for path, data in FILES.items()
    }
    response = await api.client.get(f"/api/jobs/{job_id}/files/csv/issues.csv", headers=headers)
    assert response.status_code == 200 and response.content == CSV
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-length"] == str(len(CSV))
    assert response.headers["content-disposition"].startswith('attachment; filename="issues.csv"')
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["accept-ranges"] == "bytes"
    assert "content-security-policy" not in response.headers
    odd = await api.client.get(f"/api/jobs/{job_id}/files/Ünïcode \"name\".txt", headers=headers)
    assert odd.content == b"text"
    assert odd.headers["content-disposition"] == (
        "attachment; filename=\"_n_code _name_.txt\"; filename*=UTF-8''%C3%9Cn%C3%AFcode%20%22name%22.txt"
    )


async def test_ranges(api: ApiHarness) -> None:
    job_id, headers = await _job(api)
    url = f"/api/jobs/{job_id}/files/csv/issues.csv"
    cases = {"bytes=0-9": (0, 10), "bytes=1000-": (1000, 1024), "bytes=-24": (1000, 1024), "bytes=10-5000": (10, 1024)}
    for header, (start, end) in cases.items():
        response = await api.client.get(url, headers={**headers, "Range": header})
        assert response.status_code == 206, header
        assert response.content == CSV[start:end]
        assert response.headers["content-range"] == f"bytes {start}-{end - 1}/1024"
        assert response.headers["content-length"] == str(end - start)
    for header in ("bytes=1024-", "bytes=5000-6000", "bytes=-0"):
        response = await api.client.get(url, headers={**headers, "Range": header})
        assert response.status_code == 416, header
        assert response.headers["content-range"] == "bytes */1024"
        assert response.headers["content-type"] == "application/problem+json"
    for ignored in ("bytes=0-1,5-6", "lines=1-2", "bytes=9-3"):
        response = await api.client.get(url, headers={**headers, "Range": ignored})
        assert response.status_code == 200 and response.content == CSV, ignored


async def test_inline_preview_is_sandboxed_and_only_for_safe_types(api: ApiHarness) -> None:
    job_id, headers = await _job(api)
    preview = await api.client.get(f"/api/jobs/{job_id}/files/html/index.html?inline=1", headers=headers)
    assert preview.status_code == 200 and preview.content == HTML
    csp = preview.headers["content-security-policy"]
    assert csp.split(";")[0] == "sandbox" and "allow-scripts" not in csp and "allow-same-origin" not in csp
    assert preview.headers["content-disposition"].startswith("inline;")
    assert preview.headers["x-content-type-options"] == "nosniff"
    assert "img-src data:;" in csp and "'self'" not in csp  # nothing is fetched back from this origin
    assert preview.headers["cross-origin-resource-policy"] == "same-origin"
    assert preview.headers["cache-control"] == "private, no-store"
    as_json = await api.client.get(f"/api/jobs/{job_id}/files/issues.json", params={"inline": "true"}, headers=headers)
    assert as_json.headers["content-disposition"].startswith("inline;") and "sandbox" in as_json.headers[
        "content-security-policy"]
    svg = await api.client.get(f"/api/jobs/{job_id}/files/fields.svg?inline=1", headers=headers)
    assert svg.headers["content-disposition"].startswith("attachment;")
    assert "content-security-policy" not in svg.headers
    plain = await api.client.get(f"/api/jobs/{job_id}/files/html/index.html", headers=headers)
    assert plain.headers["content-disposition"].startswith("attachment;")


async def test_archive(api: ApiHarness) -> None:
    job_id, headers = await _job(api, name="Big one", archive=b"PK\x05\x06" + b"\0" * 18)
    response = await api.client.get(f"/api/jobs/{job_id}/archive", headers=headers)
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].startswith('attachment; filename="Big one.zip"')
    no_archive, other = await _job(api, "bob@example.com")
    assert (await api.client.get(f"/api/jobs/{no_archive}/archive", headers=other)).status_code == 404


async def test_a_recorded_file_missing_from_the_store_is_not_found(api: ApiHarness) -> None:
    job_id, headers = await _job(api)
    await api.deps.store.delete_prefix(f"jobs/{job_id}/")
    response = await api.client.get(f"/api/jobs/{job_id}/files/issues.json", headers=headers)
    assert response.status_code == 404 and response.headers["content-type"] == "application/problem+json"


def test_parse_range() -> None:
    assert parse_range("bytes=0-0", 10) == ByteRange(0, 1)
    assert parse_range("bytes=-100", 10) == ByteRange(0, 10)
    assert parse_range("bytes=9-", 10) == ByteRange(9, 10)
    assert parse_range("bytes=10-", 10) == "unsatisfiable"
    assert parse_range("bytes=0-", 0) == "unsatisfiable"
    assert parse_range("bytes=-", 10) is None
    assert parse_range("bytes=a-b", 10) is None


def test_content_disposition_never_lets_a_name_break_the_header() -> None:
    header = content_disposition('dir/evil"; filename="x.exe\r\n.txt', inline=False)
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="evil__ filename=_x.exe__.txt"; filename*=UTF-8\'\'')
