"""Garbage-collector settings for the API process: live SSE fan-out must not stall behind full collections.

Measured with bench/sse_fanout.py (1,000 clients, 10 events/s): with CPython's defaults the API ran 33 full
collections a minute, pausing up to 362 ms each, which set the p99 delivery latency (1,289 ms). Freezing what
start-up allocated (modules, classes, the app) takes it out of every later collection, and a higher first
threshold makes collections rarer; with both, no full collection ran during the run (bench/README.md, SSE).
"""

import gc

# Allocations between young-generation collections (CPython's default is 700); the older thresholds as default.
YOUNG_THRESHOLD = 20_000
OLDER_THRESHOLDS = (20, 20)


def settle_garbage_collector() -> None:
    """Call once the app is built, just before serving: collect, freeze the survivors, raise the thresholds."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
