"""JSON for the small referenced objects: users, projects, statuses, priorities, versions, attachments."""

from typing import Any
from urllib.parse import quote

from jiraex_jira_sim.dataset.attachments import AttachmentInfo
from jiraex_jira_sim.dataset.catalog import (
    ISSUE_TYPES,
    PRIORITIES,
    RESOLUTIONS,
    STATUSES,
    Component,
    ProjectInfo,
    Version,
)
from jiraex_jira_sim.dataset.formats import jira_ts
from jiraex_jira_sim.dataset.users import UserInfo

_AVATAR_SIZES = (("48x48", "large"), ("24x24", "small"), ("16x16", "xsmall"), ("32x32", "medium"))


class Refs:
    """Builds reference objects for one (api version, base URL, deployment) combination.

    Users, statuses, priorities, issue types, projects, components and versions are built once and then shared
    by every issue that references them: callers must treat nested objects as read-only.
    """

    def __init__(self, api: int, base_url: str, deployment: str) -> None:
        if deployment not in ("cloud", "server"):
            raise ValueError(f"deployment must be 'cloud' or 'server', not {deployment!r}")
        self.api = api
        self.base = base_url.rstrip("/")
        self.cloud = deployment == "cloud"
        self.rest = f"{self.base}/rest/api/{api}"
        self._memo: dict[tuple[str, Any], Any] = {}

    def shared(self, kind: str, key: Any, build: Any, *args: Any) -> Any:
        """Build a reference object once per (kind, key) and hand out the same object afterwards."""
        found = self._memo.get((kind, key))
        if found is None:
            found = self._memo[(kind, key)] = build(*args)
        return found

    def user(self, u: UserInfo) -> dict[str, Any]:
        """UserDetails: accountId-based on Cloud, name/key-based on Server (which has no accountId)."""
        if u.index < 0:  # a synthetic caller (myself), not part of the pool
            return self._user(u)
        return self.shared("user", u.index, self._user, u)

    def _user(self, u: UserInfo) -> dict[str, Any]:
        if self.cloud:
            out: dict[str, Any] = {"self": f"{self.rest}/user?accountId={u.account_id}", "accountId": u.account_id}
            if u.email_visible:
                out["emailAddress"] = u.email
            avatar_owner = u.account_id
        else:
            out = {
                "self": f"{self.rest}/user?username={quote(u.name)}",
                "name": u.name,
                "key": u.key,
                "emailAddress": u.email,
            }
            avatar_owner = u.key
        out["avatarUrls"] = {
            dim: f"{self.base}/secure/useravatar?size={size}&ownerId={quote(avatar_owner)}"
            for dim, size in _AVATAR_SIZES
        }
        out.update({"displayName": u.display_name, "active": u.active, "timeZone": u.time_zone})
        if self.cloud:
            out["accountType"] = u.account_type
        return out

    def user_id(self, u: UserInfo) -> str:
        """How changelog items identify a user: accountId on Cloud, user key on Server."""
        return u.account_id if self.cloud else u.key

    def project(self, p: ProjectInfo) -> dict[str, Any]:
        return self.shared("project", p.index, self._project, p)

    def _project(self, p: ProjectInfo) -> dict[str, Any]:
        out: dict[str, Any] = {
            "self": f"{self.rest}/project/{p.id}",
            "id": p.id,
            "key": p.key,
            "name": p.name,
            "projectTypeKey": "software",
        }
        if self.cloud:
            out["simplified"] = False
        out["avatarUrls"] = {
            dim: f"{self.base}/secure/projectavatar?size={size}&pid={p.id}" for dim, size in _AVATAR_SIZES
        }
        return out

    def issue_type(self, t: int) -> dict[str, Any]:
        return self.shared("issue_type", t, self._issue_type, t)

    def _issue_type(self, t: int) -> dict[str, Any]:
        it = ISSUE_TYPES[t]
        out: dict[str, Any] = {
            "self": f"{self.rest}/issuetype/{it.id}",
            "id": it.id,
            "description": it.description,
            "iconUrl": f"{self.base}/images/icons/issuetypes/{it.icon}",
            "name": it.name,
            "subtask": it.subtask,
        }
        if self.cloud:
            out["hierarchyLevel"] = it.hierarchy_level
        return out

    def status(self, s: int) -> dict[str, Any]:
        return self.shared("status", s, self._status, s)

    def _status(self, s: int) -> dict[str, Any]:
        st = STATUSES[s]
        cat = st.category
        return {
            "self": f"{self.rest}/status/{st.id}",
            "description": st.description,
            "iconUrl": f"{self.base}/images/icons/statuses/{st.icon}",
            "name": st.name,
            "id": st.id,
            "statusCategory": {
                "self": f"{self.rest}/statuscategory/{cat.id}",
                "id": cat.id,
                "key": cat.key,
                "colorName": cat.color,
                "name": cat.name,
            },
        }

    def priority(self, p: int) -> dict[str, Any]:
        return self.shared("priority", p, self._priority, p)

    def _priority(self, p: int) -> dict[str, Any]:
        pr = PRIORITIES[p]
        return {
            "self": f"{self.rest}/priority/{pr.id}",
            "iconUrl": f"{self.base}/images/icons/priorities/{pr.icon}",
            "name": pr.name,
            "id": pr.id,
        }

    def resolution(self, r: int) -> dict[str, Any] | None:
        return None if r < 0 else self.shared("resolution", r, self._resolution, r)

    def _resolution(self, r: int) -> dict[str, Any]:
        res = RESOLUTIONS[r]
        return {
            "self": f"{self.rest}/resolution/{res.id}",
            "id": res.id,
            "description": res.description,
            "name": res.name,
        }

    def component(self, c: Component) -> dict[str, Any]:
        return self.shared("component", c.id, self._component, c)

    def _component(self, c: Component) -> dict[str, Any]:
        return {"self": f"{self.rest}/component/{c.id}", "id": c.id, "name": c.name, "description": c.description}

    def version(self, v: Version, project_id: str) -> dict[str, Any]:
        return self.shared("version", v.id, self._version, v, project_id)

    def _version(self, v: Version, project_id: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "self": f"{self.rest}/version/{v.id}",
            "id": v.id,
            "description": v.description,
            "name": v.name,
            "archived": v.archived,
            "released": v.released,
        }
        if v.release_date:
            out["releaseDate"] = v.release_date
        if self.cloud:
            out["projectId"] = int(project_id)
        return out

    def attachment(self, a: AttachmentInfo, author: UserInfo, *, numeric_id: bool = False) -> dict[str, Any]:
        """Attachment metadata; `content` is where the bytes are served (Cloud REST vs Server servlet)."""
        if self.cloud:
            content = f"{self.rest}/attachment/content/{a.id}"
            thumb = f"{self.rest}/attachment/thumbnail/{a.id}"
        else:
            content = f"{self.base}/secure/attachment/{a.id}/{quote(a.filename, safe='')}"
            thumb = f"{self.base}/secure/thumbnail/{a.id}/_thumb_{a.id}.png"
        out: dict[str, Any] = {
            "self": f"{self.rest}/attachment/{a.id}",
            "id": a.id if numeric_id else str(a.id),
            "filename": a.filename,
            "author": self.user(author),
            "created": jira_ts(a.created_ms),
            "size": a.size,
            "mimeType": a.mime_type,
            "content": content,
        }
        if a.mime_type.startswith("image/"):
            out["thumbnail"] = thumb
        return out
