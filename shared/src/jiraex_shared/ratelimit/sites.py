"""The identity of a Jira site: the key its rate bucket and pause are stored under."""

from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def site_key(base_url: str) -> str:
    """Return the normalised site of a Jira base URL: scheme, host, port and path prefix.

    Two spellings of one site share a bucket (case of scheme and host, default port, trailing
    slash, credentials, query and fragment do not matter), while sites behind one host stay apart:
    Cloud's scoped-token URLs `https://api.atlassian.com/ex/jira/{cloudId}` differ only by path, and
    Server/DC can live under a context path such as `/jira`.
    """
    parts = urlsplit(base_url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"not an http(s) URL with a host: {base_url!r}")
    host = parts.hostname  # already lower-cased, without credentials or IPv6 brackets
    if ":" in host:
        host = f"[{host}]"
    port = parts.port  # raises ValueError for a port out of range
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = "/".join(segment for segment in parts.path.split("/") if segment)
    return f"{scheme}://{netloc}/{path}" if path else f"{scheme}://{netloc}"
