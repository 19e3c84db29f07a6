"""Encoded id-only issue objects, kept per index: enumeration pages of 5000 ids are then a join, not 5000 renders."""

from __future__ import annotations

from typing import Any

import msgspec

from jiraex_jira_sim.dataset.field_spec import FieldSpec

_ID_ONLY = FieldSpec.parse(["id"], default="id")


class IdFragments:
    """The ``fields=id`` issue JSON of every issue, rendered once on first use (~200 bytes each)."""

    def __init__(self, renderer: Any, size: int) -> None:
        self._renderer = renderer
        self._encoder = msgspec.json.Encoder()
        self._items: list[msgspec.Raw | None] = [None] * size

    def get(self, index: int) -> msgspec.Raw:
        item = self._items[index]
        if item is None:
            issue = self._renderer.issue(index, _ID_ONLY, frozenset(), context="search")
            item = msgspec.Raw(self._encoder.encode(issue))
            self._items[index] = item
        return item
