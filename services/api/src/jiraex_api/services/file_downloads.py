"""Job files for download: found through the files table only, with range, disposition and preview rules."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession

from jiraex_api.repositories import job_rows
from jiraex_api.services.byte_ranges import ByteRange, parse_range
from jiraex_api.services.errors import NotFound
from jiraex_api.services.jobs import visible_job
from jiraex_api.services.principal import Principal
from jiraex_shared.db.files import File
from jiraex_shared.db.repositories import job_files, spec_of
from jiraex_shared.storage import ArtifactStore, job_archive_key
from jiraex_shared.storage.errors import ArtifactNotFound, InvalidKey

# Media types a browser may render in place; everything else (SVG, PDF, ZIP, JS …) is always an attachment.
PREVIEWABLE = frozenset({
    "text/html", "application/json", "application/x-ndjson", "text/csv", "application/xml", "text/xml",
    "text/plain", "image/png", "image/jpeg", "image/gif", "image/webp",
})
# The preview is a sandboxed document: no scripts, no forms, an opaque origin (no cookies, no API calls). It loads
# nothing either — no `img-src 'self'`: from an opaque origin every request back to this API is cross-origin, and a
# hostile page could aim them at any route; an issue page's attachment images therefore show only in the
# downloaded site (research §B4's header set, with CORP and no-store below).
PREVIEW_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


@dataclass(frozen=True)
class Download:
    """What the route streams: ``status`` 200, 206 or 416, the headers, and the body (None for 416)."""

    status: int
    headers: dict[str, str]
    body: AsyncIterator[bytes] | None


async def list_files(session: AsyncSession, caller: Principal, job_id: uuid.UUID) -> list[File]:
    job = await visible_job(session, caller, job_id)
    return await job_files(session, job.id)


async def find_job_file(session: AsyncSession, caller: Principal, job_id: uuid.UUID, path: str) -> File:
    """The recorded file at exactly ``path``; the path never becomes part of a key, so it cannot escape the job."""
    job = await visible_job(session, caller, job_id)
    row = await job_rows.find_file(session, job.id, path)
    if row is None:
        raise NotFound(f"the job has no file {path!r}")
    return row


async def find_archive(session: AsyncSession, caller: Principal, job_id: uuid.UUID, store: ArtifactStore) -> File:
    """The job's ZIP: the recorded file whose stored key is the archive key of the job's export name."""
    job = await visible_job(session, caller, job_id)
    archive_key = job_archive_key(job.id, spec_of(job).name)
    row = await job_rows.find_file(session, job.id, archive_key.rsplit("/", 1)[-1])
    if row is None or _key_of(store, row) != archive_key:
        raise NotFound("the job has no archive (it was not asked for, or the job has not finished)")
    return row


async def open_download(
    store: ArtifactStore, row: File, *, range_header: str | None, inline: bool
) -> Download:
    key = _key_of(store, row)
    stored = await store.stat(key)
    if stored is None:
        raise NotFound(f"the file {row.path!r} is recorded but no longer stored")
    size = stored.size
    headers = _headers(row, inline=inline)
    requested = parse_range(range_header, size) if range_header else None
    if requested == "unsatisfiable":
        headers["Content-Range"] = f"bytes */{size}"
        return Download(416, headers, None)
    if isinstance(requested, ByteRange):
        headers["Content-Range"] = f"bytes {requested.start}-{requested.end - 1}/{size}"
        headers["Content-Length"] = str(requested.end - requested.start)
        return Download(206, headers, _body(store, key, requested.start, requested.end))
    headers["Content-Length"] = str(size)
    return Download(200, headers, _body(store, key, 0, None))


def content_disposition(path: str, *, inline: bool) -> str:
    """RFC 6266: an ASCII fallback ``filename`` and the exact UTF-8 name in ``filename*``."""
    name = path.rsplit("/", 1)[-1]
    fallback = "".join(char if 0x20 <= ord(char) < 0x7F and char not in '"\\%;' else "_" for char in name)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback or 'download'}\"; filename*=UTF-8''{quote(name, safe='')}"


def is_previewable(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() in PREVIEWABLE


def _headers(row: File, *, inline: bool) -> dict[str, str]:
    preview = inline and is_previewable(row.content_type)
    headers = {
        "Content-Type": row.content_type,
        "Content-Disposition": content_disposition(row.path, inline=preview),
        "Accept-Ranges": "bytes",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-cache",
        "ETag": f'"{row.sha256}"' if row.sha256 else "",
    }
    if preview:
        headers["Content-Security-Policy"] = PREVIEW_CSP
        # Not embeddable by other origins (nor fetched by the sandboxed previews themselves), and never cached:
        # a preview renders content from Jira that a shared cache must not keep.
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        headers["Cache-Control"] = "private, no-store"
    return {name: value for name, value in headers.items() if value}


def _key_of(store: ArtifactStore, row: File) -> str:
    try:
        return store.key_from_uri(row.uri)
    except InvalidKey:
        raise NotFound(f"the file {row.path!r} is not in this server's store") from None


async def _body(store: ArtifactStore, key: str, start: int, end: int | None) -> AsyncIterator[bytes]:
    try:
        async for chunk in store.open_read(key, start=start, end=end):
            yield chunk
    except ArtifactNotFound:
        return  # deleted while being read: the client sees a short body against Content-Length
