"""100,000 issues build in seconds, sample quickly and stay within a bounded amount of memory."""

import random
import subprocess
import sys
import time
import tracemalloc

from jiraex_jira_sim.dataset import Dataset, DatasetConfig, FieldSpec

BIG = DatasetConfig(seed=42, issues=100_000)
EXPAND = frozenset({"renderedFields", "names", "schema", "changelog"})


def _sample(ds: Dataset) -> list[int]:
    rng = random.Random(5)
    heavy = [i for i in range(BIG.heavy_every - 1, len(ds), BIG.heavy_every)][:5]
    return [rng.randrange(len(ds)) for _ in range(200)] + heavy + [0, len(ds) - 1]


def test_100k_issues_build_and_sample_quickly() -> None:
    started = time.perf_counter()
    ds = Dataset(BIG)
    built = time.perf_counter()
    assert len(ds) == 100_000
    r = ds.renderer(3, "http://sim.test", "cloud")
    for i in _sample(ds):
        issue = r.issue(i, FieldSpec.parse(None), EXPAND, context="search")
        assert issue["key"] == ds.issue_key(i)
    sampled = time.perf_counter()
    views = ds.jql_issues()
    viewed = time.perf_counter()
    assert len(views) == 100_000
    assert len({v.key for v in views}) == 100_000
    # generous bounds for a shared 2-core machine; typical: 0.7 s, 0.5 s, 1.3 s
    assert built - started < 10
    assert sampled - built < 15
    assert viewed - sampled < 15
    assert ds.index_of(ds.issue_key(99_999)) == 99_999


def test_100k_dataset_spreads_over_projects_and_has_heavy_tail() -> None:
    ds = Dataset(BIG)
    per_project = [len(n) for n in ds.records.by_number]
    assert len(per_project) == BIG.projects
    assert min(per_project) > 5_000
    heavy = [i for i in range(len(ds)) if ds.is_heavy(i)]
    assert len(heavy) == 100_000 // BIG.heavy_every
    assert sum(ds.histories_count(i) > 1000 for i in heavy) >= len(heavy) // 10
    assert all(ds.comments_count(i) > 100 and ds.worklogs_count(i) > 20 for i in heavy)


def test_memory_per_issue_is_small_and_constant() -> None:
    # tracemalloc slows this allocation-heavy build ~30x, so it traces 10k issues; the records are fixed-size
    # columns, so the per-issue cost carries over to 100k (the next test checks a real 100k process)
    tracemalloc.start()
    try:
        ds = Dataset(DatasetConfig(seed=42, issues=10_000))
        _, peak_build = tracemalloc.get_traced_memory()
        before_views, _ = tracemalloc.get_traced_memory()
        views = ds.jql_issues()
        after_views, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(views) == 10_000
    assert peak_build / 10_000 < 800  # typical ~200 bytes per issue (arrays, links, parent map)
    assert (after_views - before_views) / 10_000 < 1_500  # typical ~500 bytes per JQL view


def test_100k_process_peak_memory_is_bounded() -> None:
    code = (
        "import resource; from jiraex_jira_sim.dataset import Dataset, DatasetConfig, FieldSpec\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "ds = Dataset(DatasetConfig(seed=42, issues=100_000))\n"
        "ds.jql_issues()\n"
        "r = ds.renderer(3, 'http://x', 'cloud')\n"
        "for i in range(96, 100_000, 997): r.issue(i, FieldSpec.parse(None), frozenset({'changelog'}))\n"
        "print(base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    base_kib, peak_kib = map(int, done.stdout.split())
    assert (peak_kib - base_kib) / 1024 < 200  # typical ~60 MB over the interpreter's own footprint
