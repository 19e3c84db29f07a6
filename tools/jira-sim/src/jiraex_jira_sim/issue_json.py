"""Issue objects for pages: rendered by the dataset, served from caches when they can be."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import msgspec

from jiraex_jira_sim.id_fragments import IdFragments
from jiraex_jira_sim.render_cache import RenderCache

if TYPE_CHECKING:
    from jiraex_jira_sim.dataset import Dataset, FieldSpec


class IssueJson:
    """One renderer per API version, the id-only fragments, the render cache and search-page names/schema."""

    def __init__(self, dataset: Dataset, *, base_url: str, cloud: bool, cache_bytes: int) -> None:
        self._dataset = dataset
        self._base_url = base_url
        self._deployment = "cloud" if cloud else "server"
        self._renderers: dict[int, Any] = {}
        self._id_fragments: dict[int, IdFragments] = {}
        self.cache = RenderCache(cache_bytes)
        self._encoder = msgspec.json.Encoder()
        fields = dataset.fields(self._deployment)
        self.fields_body = self._encoder.encode(fields)
        self._field_meta = {f["id"]: f for f in fields}

    def renderer(self, version: int) -> Any:
        renderer = self._renderers.get(version)
        if renderer is None:
            renderer = self._dataset.renderer(api=version, base_url=self._base_url, deployment=self._deployment)
            self._renderers[version] = renderer
        return renderer

    async def page(
        self, indices: Any, spec: FieldSpec, expand: frozenset[str], version: int, context: str = "search"
    ) -> list[Any]:
        """Issue objects (dicts, or encoded ``msgspec.Raw``) for ``indices``, in order.

        Rendering yields to the event loop every few issues so one large page does not stall other
        connections (their latency, 429 and storm decisions stay on time).
        """
        if spec.is_empty and not expand:
            return await self._id_page(indices, version)
        renderer = self.renderer(version)
        # names/schema are moved to the top of search pages afterwards, which needs the dicts themselves.
        cache = self.cache if self.cache.enabled and not {"names", "schema"} & expand else None
        out: list[Any] = []
        rendered = 0
        for index in indices:
            key = (version, context, spec, expand, index)
            cached = cache.get(key) if cache is not None else None
            if cached is not None:
                out.append(cached)
                continue
            issue = renderer.issue(index, spec, expand, context=context)
            if cache is not None:
                issue = msgspec.Raw(self._encoder.encode(issue))
                cache.put(key, issue)
            out.append(issue)
            rendered += 1
            if rendered % 10 == 0:
                await asyncio.sleep(0)
        return out

    async def _id_page(self, indices: Any, version: int) -> list[Any]:
        fragments = self._id_fragments.get(version)
        if fragments is None:
            fragments = IdFragments(self.renderer(version), len(self._dataset))
            self._id_fragments[version] = fragments
        out: list[Any] = []
        for count, index in enumerate(indices, 1):
            out.append(fragments.get(index))
            if count % 1000 == 0:
                await asyncio.sleep(0)
        return out

    def names_and_schema(self, issues: list[Any], expand: frozenset[str]) -> dict[str, dict[str, Any]]:
        """Search pages carry ``names``/``schema`` once at the top, for the fields the page holds."""
        want_names, want_schema = "names" in expand, "schema" in expand
        if not (want_names or want_schema):
            return {}
        present: dict[str, None] = {}
        for issue in issues:
            if isinstance(issue, dict):
                issue.pop("names", None)
                issue.pop("schema", None)
                present.update(dict.fromkeys(issue.get("fields", {})))
        known = [fid for fid in present if fid in self._field_meta]
        extras: dict[str, dict[str, Any]] = {}
        if want_names:
            extras["names"] = {fid: self._field_meta[fid]["name"] for fid in known}
        if want_schema:
            extras["schema"] = {
                fid: self._field_meta[fid]["schema"] for fid in known if self._field_meta[fid].get("schema") is not None
            }
        return extras
