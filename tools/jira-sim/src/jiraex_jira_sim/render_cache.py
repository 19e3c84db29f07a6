"""Encoded issue JSON kept in an LRU under a byte budget: the dataset is immutable, so a re-read is free."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

import msgspec


class RenderCache:
    """Rendering an issue with every field costs ~0.5 ms of CPU; benchmarks read the same issues run after run."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self.used = 0
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[Hashable, msgspec.Raw] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.budget > 0

    def get(self, key: Hashable) -> msgspec.Raw | None:
        item = self._items.get(key)
        if item is None:
            self.misses += 1
            return None
        self.hits += 1
        self._items.move_to_end(key)
        return item

    def put(self, key: Hashable, item: msgspec.Raw) -> None:
        size = len(item)
        if size > self.budget or key in self._items:
            return
        self._items[key] = item
        self.used += size
        while self.used > self.budget:
            _, evicted = self._items.popitem(last=False)
            self.used -= len(evicted)
