"""Opt-in garbage-collector timing for a benchmarked process: on PYTHONPATH with JIRAEX_BENCH_GC_LOG set."""

# Python imports `sitecustomize` at start-up; this one records every collection's generation and pause (ms) to
# the file JIRAEX_BENCH_GC_LOG names, one "<monotonic s> <generation> <pause ms>" line each.
# JIRAEX_BENCH_GC_FREEZE_AFTER=<s> also calls gc.freeze() that long after start (an experiment: what the
# process's start-up objects cost every full collection); JIRAEX_BENCH_GC_THRESHOLD=<a,b,c> sets
# gc.set_threshold at start (an experiment: fewer, later collections).

import gc
import os
import threading
import time

_path = os.environ.get("JIRAEX_BENCH_GC_LOG")
if _path:
    _log = open(_path, "a", buffering=1)  # noqa: SIM115 - lives as long as the process
    _started: list[float] = []

    def _timed(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            _started.append(time.perf_counter())
        elif _started:
            pause = (time.perf_counter() - _started.pop()) * 1000
            _log.write(f"{time.monotonic():.3f} {info['generation']} {pause:.2f}\n")

    gc.callbacks.append(_timed)

_freeze_after = os.environ.get("JIRAEX_BENCH_GC_FREEZE_AFTER")
if _freeze_after:
    _timer = threading.Timer(float(_freeze_after), gc.freeze)
    _timer.daemon = True
    _timer.start()

_threshold = os.environ.get("JIRAEX_BENCH_GC_THRESHOLD")
if _threshold:
    gc.set_threshold(*(int(part) for part in _threshold.split(",")))
