"""Watches a real headless Chromium page for any sign that script ran: dialogs, console output, uncaught errors,
requests the document did not ask for by itself, and global/DOM markers.

Playwright drives Debian's `chromium` (`/usr/bin/chromium`, installed by scripts/services): Playwright's own
browser download is not available everywhere, so `playwright install` is never needed.
"""

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from service_urls import not_installed

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, Request

CHROMIUM = os.environ.get("JIRAEX_TEST_CHROMIUM", "/usr/bin/chromium")
# Installed before any page script: a call to a dialog function leaves a marker even if the dialog event were
# missed. It runs only where the page's own scripts may run (a sandboxed preview runs neither).
HOOK_DIALOGS = """(() => {
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const original = window[name];
    window[name] = function (...args) { window.__s8_executed = name; return original.apply(this, args); };
  }
})();"""
MARKERS = """() => window.__s8_executed || document.documentElement.dataset.s8Executed || null"""
# Elements or attributes that only injected markup would bring: the exporters write none of them (the index's
# one `<script src="assets/app.js">` is the site's own and is allowed by name).
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (tag === "script" && !(el.getAttribute("src") || "").endsWith("assets/app.js")) found.push(el.outerHTML);
    else if (["svg", "iframe", "frame", "object", "embed", "base"].includes(tag)) found.push(el.outerHTML);
    else if (tag === "meta" && /refresh/i.test(el.getAttribute("http-equiv") || "")) found.push(el.outerHTML);
    else if (Array.from(el.attributes).some(a => a.name.startsWith("on"))) found.push(el.outerHTML);
    else if (/^\\s*(javascript|data|vbscript):/i.test(el.getAttribute("href") || el.getAttribute("src") || ""))
      found.push(el.outerHTML);
  }
  return found.map(html => html.slice(0, 200));
}"""
# What Chromium itself logs when a CSP or the sandbox blocks something, or a load fails: not an execution (a load
# the document should not make is caught as a request).
BROWSER_REPORTS = (
    "Blocked script execution in",
    "violates the following Content Security Policy",
    "Failed to load resource:",
)


def beacon(canary_origin: str, kind: str) -> str:
    """JavaScript that, if it ever runs, trips every detector channel at once."""
    return (
        f"console.log('s8-executed:{kind}');window.__s8_executed='{kind}';"
        f"document.documentElement.dataset.s8Executed='{kind}';"
        f"fetch('{canary_origin}/hit/{kind}',{{mode:'no-cors'}}).catch(()=>{{}});alert('s8:{kind}')"
    )


def hostile_document(canary_origin: str, payloads: Iterable[str]) -> bytes:
    """An HTML file with the corpus payloads and beacons left raw, as if an exporter had failed to escape them (or
    a Jira user had attached it): only the sandbox stands between it and the reader."""

    def run(kind: str) -> str:
        return beacon(canary_origin, kind)

    body = "\n".join(f"<p>{payload}</p>" for payload in payloads)
    return (
        "<!DOCTYPE html><html><head><title>hostile</title></head><body>\n"
        f"{body}\n<script>{run('script')}</script>\n"
        f'<img src="data:," onerror="{run("img")}" onload="{run("img")}">\n'
        f'<svg onload="{run("svg")}"></svg>\n'
        f'<iframe srcdoc="<script>parent.eval(&quot;{run("iframe")}&quot;)</script>"></iframe>\n'
        "</body></html>\n"
    ).encode()


@dataclass
class PageReport:
    """What one opened URL showed: `evidence` must stay empty; `text` is what a reader sees."""

    url: str
    rendered: bool = True  # False: Chromium offered the file as a download instead of showing it
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    text: str = ""
    origin: str = ""  # the document's origin as its scripts would see it: "null" when opaque (sandboxed)
    injected: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # Chromium's own reports (blocks, failed loads)


class ExecutionDetector:
    """Listens on one page; `allowed(url)` says which requests the document may make by itself."""

    def __init__(self, page: "Page", allowed: Callable[[str], bool]) -> None:
        self.page, self.allowed = page, allowed
        self.evidence: list[str] = []
        self.blocked: list[str] = []
        self.unexpected: list[Request] = []  # requests the document should not make; sorted out in `finish`
        page.on("dialog", self._on_dialog)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.evidence.append(f"uncaught error: {error}"))
        page.on("request", self._on_request)
        page.on("popup", lambda popup: self.evidence.append(f"popup: {popup.url}"))

    async def _on_dialog(self, dialog: "Dialog") -> None:
        self.evidence.append(f"dialog {dialog.type}: {dialog.message!r}")
        await dialog.dismiss()

    def _on_console(self, message: "ConsoleMessage") -> None:
        text = message.text
        if any(report in text for report in BROWSER_REPORTS):
            self.blocked.append(text[:200])
        else:
            self.evidence.append(f"console {message.type}: {text[:200]!r}")

    def _on_request(self, request: "Request") -> None:
        if not self.allowed(request.url):
            self.unexpected.append(request)

    def finish(self) -> None:
        """A request Chromium refused to send because of the CSP never left the browser: blocked, not evidence.
        Any other (answered, or failed on the network) did leave it."""
        for request in self.unexpected:
            # Playwright reports Chromium's ERR_BLOCKED_BY_CSP as the failure text "csp".
            if "csp" in (request.failure or "").lower():
                self.blocked.append(f"request blocked by the CSP: {request.url}")
            else:
                self.evidence.append(f"request the document did not make by itself: {request.url}")

    async def settle_and_read_markers(self) -> None:
        """Let late handlers (an image's onerror, a timer) fire, then read the global and DOM markers."""
        await self.page.wait_for_timeout(50)
        marker = await self.page.evaluate(MARKERS)
        if marker:
            self.evidence.append(f"marker set by page script: {marker!r}")


async def open_and_watch(
    context: "BrowserContext", url: str, allowed: Callable[[str], bool], *, read_text: bool = True
) -> PageReport:
    """Open `url` in a fresh page of `context`, wait for it to load and settle, and report what happened."""
    from playwright.async_api import Error as PlaywrightError

    page = await context.new_page()
    detector = ExecutionDetector(page, lambda requested: requested == url or allowed(requested))
    report = PageReport(url)
    try:
        try:
            response = await page.goto(url, wait_until="load")
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                raise
            report.rendered = False  # no document exists, so nothing in it can run
        else:
            assert response is not None, url
            report.status, report.headers = response.status, await response.all_headers()
            await detector.settle_and_read_markers()
            report.text = await page.inner_text("body") if read_text else ""
            report.injected = await page.evaluate(INJECTED)
            report.origin = await page.evaluate("() => window.origin")
    finally:
        await page.close()
    detector.finish()
    report.evidence, report.blocked = detector.evidence, detector.blocked
    return report


async def open_all(
    context: "BrowserContext", urls: Iterable[str], allowed: Callable[[str], bool], *, parallel: int = 4
) -> list[PageReport]:
    """`open_and_watch` for every URL, a few pages at a time (the browser renders them on separate threads)."""
    gate = asyncio.Semaphore(parallel)

    async def one(url: str) -> PageReport:
        async with gate:
            return await open_and_watch(context, url, allowed)

    return list(await asyncio.gather(*(one(url) for url in urls)))


@asynccontextmanager
async def launched_chromium() -> AsyncIterator["Browser"]:
    """Debian's Chromium under Playwright; a missing package or browser fails in CI and skips elsewhere."""
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        not_installed("the Python package playwright is missing: pip install -e '.[dev]'")
    if not os.access(CHROMIUM, os.X_OK):
        not_installed(f"Chromium is not installed at {CHROMIUM}: run scripts/services (apt-get install chromium)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser
        finally:
            await browser.close()


def summary(reports: Iterable[PageReport], attribute: str) -> dict[str, Any]:
    """`{url: value}` for the reports whose `attribute` is not empty: a readable assertion message."""
    return {r.url: getattr(r, attribute) for r in reports if getattr(r, attribute)}
