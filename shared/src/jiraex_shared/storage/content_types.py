"""The media type stored with an object when the caller gives none: looked up from the key's extension."""

DEFAULT_CONTENT_TYPE = "application/octet-stream"
# What exports contain. A fixed table rather than `mimetypes`, whose answers depend on the machine's files.
_BY_EXTENSION = {
    ".csv": "text/csv; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".gif": "image/gif",
    ".htm": "text/html; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".ndjson": "application/x-ndjson",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".zip": "application/zip",
}


def content_type_for(key: str, given: str | None) -> str:
    """`given` when set, else the type of the key's extension, else `application/octet-stream`."""
    if given:
        return given
    name = key.rsplit("/", 1)[-1]
    extension = name[name.rfind(".") :].lower() if "." in name else ""
    return _BY_EXTENSION.get(extension, DEFAULT_CONTENT_TYPE)
