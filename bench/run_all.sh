#!/usr/bin/env bash
# Every engine benchmark, one after the other (they would skew each other on a small machine).
# Usage: bench/run_all.sh [--full]   — results land in bench/results/*.json; see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
status=0
"$PYTHON" bench/export_throughput.py "$@" || status=$?
"$PYTHON" bench/export_memory.py "$@" || status=$?
# Non-zero when a target was missed or an export was incomplete; every benchmark still ran.
exit "$status"
