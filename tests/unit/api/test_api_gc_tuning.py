"""The API process settles its garbage collector before serving: start-up objects frozen, rarer collections."""

import subprocess
import sys

CHECK = """
import gc
from jiraex_api.gc_tuning import YOUNG_THRESHOLD, settle_garbage_collector
settle_garbage_collector()
assert gc.get_threshold()[0] == YOUNG_THRESHOLD, gc.get_threshold()
assert gc.get_freeze_count() > 10_000, gc.get_freeze_count()  # the imported modules' objects at least
print("ok")
"""


def test_settling_freezes_start_up_objects_and_raises_the_young_threshold() -> None:
    # In a child: freezing this test process's objects would outlive the test.
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=False, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr
