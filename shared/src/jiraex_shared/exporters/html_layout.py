"""The shell every exported HTML page shares: a strict Content-Security-Policy and local assets only."""

from importlib import resources

from jiraex_shared.exporters.sanitize import escape

ASSETS_DIR = "assets"
STYLESHEET = "style.css"
SCRIPT = "app.js"
# Even if some Jira text slipped through unescaped, no inline script, handler or remote resource could run.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)


def asset_bytes(name: str) -> bytes:
    """The packaged stylesheet or script, copied next to the pages."""
    return resources.files("jiraex_shared.exporters").joinpath("html_assets").joinpath(name).read_bytes()


def page_start(title: str, root: str) -> str:
    """Everything up to ``<body>``; ``root`` is the relative path from the page to the ``html/`` folder."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{root}{ASSETS_DIR}/{STYLESHEET}">\n'
        "</head>\n<body>\n"
    )


def page_end(root: str, with_script: bool = False) -> str:
    script = f'<script src="{root}{ASSETS_DIR}/{SCRIPT}"></script>\n' if with_script else ""
    return f"{script}</body>\n</html>\n"
