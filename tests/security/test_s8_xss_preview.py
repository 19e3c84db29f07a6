"""S8: the XSS payloads in Jira content run no script when an export is previewed or opened (research §B4, §B9).

Real exports of the simulator's hostile corpus (cloud: ADF rich text; server: wiki markup) are put behind the
real preview route `GET /api/jobs/{id}/files/{path}?inline=1` and opened in headless Chromium; the offline HTML
site is also opened from disk, where no server sends a CSP. A positive control runs the same detector on the raw
payloads without any sandbox and must see them execute, so a blind detector cannot make these tests pass.
"""

import html
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import pytest
import pytest_asyncio
from api_harness import ApiHarness, api_settings, running_api
from hostile_exports import HTML_PAYLOADS, MARKUP_NAME, export_files, export_from_simulator, published_job
from jobs_api_helpers import Caller, served, sign_in
from ssrf_servers import TinyServer, canary_answer, tiny_server
from xss_detector import (
    HOOK_DIALOGS,
    ExecutionDetector,
    PageReport,
    hostile_document,
    launched_chromium,
    open_all,
    open_and_watch,
    summary,
)

from jiraex_api.services.file_downloads import PREVIEW_CSP

if TYPE_CHECKING:
    from playwright.async_api import Browser

# One event loop for the module: the browser, the exports and the API are made once and shared by every test.
pytestmark = pytest.mark.asyncio(loop_scope="module")
MODES = ("cloud", "server")


@dataclass(frozen=True)
class Published:
    api: ApiHarness
    base: str  # the API's real socket, e.g. http://127.0.0.1:PORT
    caller: Caller
    jobs: dict[str, str]  # mode -> job id
    exports: dict[str, Path]  # mode -> the export folder on disk

    def preview_url(self, job_id: str, path: str) -> str:
        return f"{self.base}/api/jobs/{job_id}/files/{quote(path)}?inline=1"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator["Browser"]:
    async with launched_chromium() as chromium:
        yield chromium


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def published(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Published]:
    """Both exports, each recorded as a succeeded job of one member, behind the API on a real socket."""
    root = tmp_path_factory.mktemp("s8")
    exports = {mode: await export_from_simulator(mode, root / mode / "out", root / mode / "store") for mode in MODES}
    async with running_api(api_settings(str(root / "api"))) as api, served(api.app) as base:
        caller = await sign_in(api, "reader@example.com")
        jobs = {
            mode: await published_job(api, caller.user_id, export_files(exports[mode]), f"hostile-{mode}")
            for mode in MODES
        }
        yield Published(api, base, caller, jobs, exports)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def canary() -> AsyncIterator[TinyServer]:
    """An HTTP server on 127.0.0.1 that nothing may ever reach: a beacon that ran would call it."""
    async with tiny_server("127.0.0.1", canary_answer) as server:
        yield server


def clean(reports: list[PageReport]) -> None:
    assert not summary(reports, "evidence"), summary(reports, "evidence")


def payloads_missing(reports: list[PageReport]) -> list[str]:
    """The markup payloads (and the markup display name) that no report shows as text. XML carries rich text as
    the HTML Jira renders, so there a payload may show in its escaped spelling (`&lt;svg…`): text all the same."""
    text = "\n".join(report.text for report in reports)
    return [
        payload for payload in (*HTML_PAYLOADS, MARKUP_NAME) if payload not in text and html.escape(payload) not in text
    ]


async def test_detector_sees_the_raw_payloads_run_without_a_sandbox(browser: "Browser", canary: TinyServer) -> None:
    """Positive control: each corpus payload, and the hostile document the preview test stores, executes when a
    page renders it raw with no CSP — and every channel of the detector notices."""
    assert len(HTML_PAYLOADS) == 3, HTML_PAYLOADS  # <script>, <img onerror>, <svg onload>
    async with await browser.new_context() as context:
        await context.add_init_script(HOOK_DIALOGS)
        for payload in HTML_PAYLOADS:
            page = await context.new_page()
            detector = ExecutionDetector(page, lambda url: False)
            await page.set_content(f"<!DOCTYPE html><p>{payload}</p>")
            await detector.settle_and_read_markers()
            detector.finish()
            assert any(e.startswith("dialog alert") for e in detector.evidence), (payload, detector.evidence)
            assert "marker set by page script: 'alert'" in detector.evidence, (payload, detector.evidence)
            await page.close()

        document = hostile_document(canary.origin, HTML_PAYLOADS).decode()
        page = await context.new_page()
        detector = ExecutionDetector(page, lambda url: False)
        await page.set_content(document)
        await detector.settle_and_read_markers()
        await page.wait_for_timeout(200)
        detector.finish()
        evidence = "\n".join(detector.evidence)
        for channel in (
            "dialog alert",
            "console log: 's8-executed",
            "request the document did not make",
            "marker set by page script",
        ):
            assert channel in evidence, (channel, detector.evidence)
        assert any(path.startswith("/hit/") for path in canary.paths), canary.paths
        await page.close()


async def test_hostile_html_behind_the_preview_runs_nothing(
    browser: "Browser", published: Published, canary: TinyServer
) -> None:
    """A raw hostile .html file in a job (an exporter bug, or a Jira attachment) previews with no script run:
    the sandbox CSP alone stops it. The same bytes run in the positive control above."""
    hits_before = len(canary.paths)
    victim = await sign_in(published.api, "victim@example.com")
    document = hostile_document(canary.origin, HTML_PAYLOADS)
    job = await published_job(published.api, victim.user_id, {"hostile.html": document}, "hostile-raw")
    async with await browser.new_context(extra_http_headers=victim.headers) as context:
        await context.add_init_script(HOOK_DIALOGS)
        # The preview may load nothing at all besides itself (img-src data: only), not even `<img src=x>` here.
        report = await open_and_watch(context, published.preview_url(job, "hostile.html"), lambda _requested: False)
    assert report.rendered and report.status == 200, report
    assert not report.evidence, report.evidence
    assert len(canary.paths) == hits_before, canary.paths
    assert report.blocked, "Chromium reported no blocked script: the hostile file did not reach the browser"
    assert report.headers["content-security-policy"] == PREVIEW_CSP and report.origin == "null", report


@pytest.mark.parametrize("mode", MODES)
async def test_every_exported_file_previews_without_running_script(
    browser: "Browser", published: Published, mode: str
) -> None:
    """JSON, NDJSON, CSV, XML, every HTML page (index and issues) and every attachment, through `?inline=1`."""
    job, export = published.jobs[mode], published.exports[mode]
    files = export_files(export)
    job_files = {urlsplit(published.preview_url(job, path)).path for path in files}
    # A page may ask for the export's own files (its stylesheet: the sandbox CSP then blocks it), nothing else.
    async with await browser.new_context(extra_http_headers=published.caller.headers) as context:
        await context.add_init_script(HOOK_DIALOGS)
        reports = await open_all(
            context,
            [published.preview_url(job, path) for path in files],
            lambda url: urlsplit(url).path in job_files and url.startswith(published.base),
        )
    by_path = dict(zip(files, reports, strict=True))
    clean(reports)
    rendered = {path for path, report in by_path.items() if report.rendered}
    for path in rendered:
        report = by_path[path]
        assert report.status == 200, (path, report.status)
        if "attachment" in report.headers["content-disposition"]:
            continue  # a type the API never previews (a .log, a ZIP): Chromium rendered it as a plain file
        # The CSP reaches the browser exactly as the API specifies it, and the document's origin is opaque: even a
        # script that ran could not read the API's origin or send its cookies.
        assert report.headers.get("content-security-policy") == PREVIEW_CSP, (path, report.headers)
        assert report.origin == "null", (path, report.origin)
    pages = [path for path in files if path.startswith("html/") and path.endswith(".html")]
    assert "html/index.html" in pages and len(pages) == 31, pages  # the index and 30 issue pages
    assert {"issues.json", "issues.xml", *pages} <= rendered, sorted(set(files) - rendered)
    assert not summary([by_path[path] for path in pages], "injected"), summary(reports, "injected")
    for text_format in (pages, ["issues.json"], ["issues.xml"]):
        assert not payloads_missing([by_path[path] for path in text_format]), (
            text_format[0],
            payloads_missing([by_path[path] for path in text_format]),
        )
    # The CSV files carry the payloads raw (a CSV cell is not HTML); Chromium offers text/csv and NDJSON as a
    # download instead of rendering them, and the clean() above covered them whichever way it went.
    hostile_csv = [p for p in files if p.startswith("csv/") and any(x.encode() in files[p] for x in HTML_PAYLOADS)]
    assert hostile_csv, "no CSV file carries a markup payload"


@pytest.mark.parametrize("mode", MODES)
async def test_offline_site_from_disk_shows_payloads_as_text(
    browser: "Browser", published: Published, mode: str
) -> None:
    """The HTML site opened from file:// with its own meta CSP switched off (bypass_csp): escaping alone must keep
    every payload text. The site's own app.js runs (search and sort); only the payloads' effects count."""
    site = published.exports[mode] / "html"
    pages = [site / "index.html", *sorted((site / "issues").glob("*.html"))]
    own_files = {path.resolve().as_uri() for path in site.rglob("*") if path.is_file()}
    async with await browser.new_context(bypass_csp=True) as context:
        await context.add_init_script(HOOK_DIALOGS)
        reports = await open_all(context, [page.as_uri() for page in pages], lambda url: url in own_files)
    assert len(reports) == 31 and all(report.rendered for report in reports)
    clean(reports)
    assert not summary(reports, "injected"), summary(reports, "injected")
    assert not payloads_missing(reports), payloads_missing(reports)
