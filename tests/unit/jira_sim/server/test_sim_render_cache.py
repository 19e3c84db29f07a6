"""The encoded-issue cache: LRU within a byte budget."""

import msgspec

from jiraex_jira_sim.render_cache import RenderCache


def test_lru_within_budget() -> None:
    cache = RenderCache(budget_bytes=10)
    cache.put("a", msgspec.Raw(b"1234"))
    cache.put("b", msgspec.Raw(b"5678"))
    assert cache.get("a") == msgspec.Raw(b"1234")  # now the most recent
    cache.put("c", msgspec.Raw(b"90"))
    cache.put("d", msgspec.Raw(b"xx"))  # 12 bytes > 10: evicts the least recent, "b"
    assert cache.get("b") is None
    assert cache.get("a") is not None
    assert cache.used <= 10
    cache.put("huge", msgspec.Raw(b"x" * 11))  # larger than the budget: never stored
    assert cache.get("huge") is None
    assert (cache.hits, cache.misses) == (2, 2)


def test_disabled() -> None:
    assert not RenderCache(0).enabled
