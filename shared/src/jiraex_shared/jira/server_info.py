"""What `serverInfo` says about a site, and whether it is Cloud or Server/Data Center."""

from __future__ import annotations

from typing import Any, Literal

import httpx
import msgspec

Deployment = Literal["cloud", "server"]

_CLOUD_HOST_SUFFIXES = (".atlassian.net", ".jira.com", ".jira-dev.com")
_CLOUD_API_HOST = "api.atlassian.com"


class ServerInfo(msgspec.Struct, frozen=True, kw_only=True):
    """`deployment` is ours ("cloud", or "server" which includes Data Center); the rest is Jira's."""

    deployment: Deployment
    version: str
    version_numbers: tuple[int, ...] = ()
    base_url: str | None = None
    deployment_type: str | None = None
    build_number: int | None = None
    server_title: str | None = None

    @property
    def api_version(self) -> int:
        """3 on Cloud (ADF rich text), 2 on Server/DC (wiki markup; v3 does not exist there)."""
        return 3 if self.deployment == "cloud" else 2


def is_cloud_host(base_url: str) -> bool:
    """True for `*.atlassian.net` sites and `api.atlassian.com/ex/jira/{cloudId}` (scoped tokens, OAuth)."""
    host = (httpx.URL(base_url).host or "").lower()
    return host == _CLOUD_API_HOST or host.endswith(_CLOUD_HOST_SUFFIXES)


def parse_server_info(payload: Any, *, base_url: str) -> ServerInfo:
    """Per research/jira-api.md §10: `deploymentType == "Cloud"`, else the host when the field is absent."""
    data = payload if isinstance(payload, dict) else {}
    deployment_type = data.get("deploymentType")
    if isinstance(deployment_type, str) and deployment_type:
        deployment: Deployment = "cloud" if deployment_type.lower() == "cloud" else "server"
    else:
        deployment = "cloud" if is_cloud_host(base_url) else "server"
    numbers = data.get("versionNumbers")
    build = data.get("buildNumber")
    return ServerInfo(
        deployment=deployment,
        version=str(data.get("version") or ""),
        version_numbers=tuple(n for n in numbers if isinstance(n, int)) if isinstance(numbers, list) else (),
        base_url=data.get("baseUrl") if isinstance(data.get("baseUrl"), str) else None,
        deployment_type=deployment_type if isinstance(deployment_type, str) else None,
        build_number=build if isinstance(build, int) else None,
        server_title=data.get("serverTitle") if isinstance(data.get("serverTitle"), str) else None,
    )
