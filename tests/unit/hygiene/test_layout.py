"""The layout CONVENTIONS describes, checked: each package under its folder's src/, modules small, no stdlib names."""

import importlib
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = {
    "jiraex_shared": "shared/src/jiraex_shared",
    "jiraex_api": "services/api/src/jiraex_api",
    "jiraex_extractor_worker": "services/extractor-worker/src/jiraex_extractor_worker",
    "jiraex_scheduler": "services/scheduler/src/jiraex_scheduler",
    "jiraex_notifier": "services/notifier/src/jiraex_notifier",
    "jiraex_jira_sim": "tools/jira-sim/src/jiraex_jira_sim",
}
# A module past this many lines holds more than one concept (CONVENTIONS: "split it past ~300").
MAX_LINES = 300


def modules() -> list[Path]:
    return [
        path for folder in PACKAGES.values() for path in (ROOT / folder).rglob("*.py") if "migrations" not in path.parts
    ]


def test_each_package_is_imported_from_its_folder() -> None:
    for name, folder in PACKAGES.items():
        package = importlib.import_module(name)
        assert Path(package.__file__).resolve().parent == (ROOT / folder).resolve(), name


def test_modules_stay_small() -> None:
    sizes = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in modules()}
    too_big = {str(path.relative_to(ROOT)): lines for path, lines in sizes.items() if lines > MAX_LINES}
    assert too_big == {}
    assert statistics.median(sizes.values()) < 80


def test_no_module_shadows_the_standard_library() -> None:
    clashes = [str(p.relative_to(ROOT)) for p in modules() if p.stem in sys.stdlib_module_names]
    assert clashes == []
