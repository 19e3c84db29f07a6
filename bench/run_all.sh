#!/usr/bin/env bash
# Every engine benchmark, one after the other (they would skew each other on a small machine).
# Usage: bench/run_all.sh [--full]   — figures in bench/results/*.json; see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
case "${1:-}" in
  "") size=() ;;
  --full) size=(--full) ;;
  *) echo "usage: $0 [--full]" >&2; exit 2 ;;
esac
status=0
"$PYTHON" bench/export_throughput.py "${size[@]}" || status=$?
"$PYTHON" bench/export_memory.py "${size[@]}" || status=$?
# Issue 5's fleet benchmark; its default is already the full 10,000 issues (about 15 minutes).
"$PYTHON" bench/worker_scaling.py || status=$?
# Non-zero when a target was missed or an export was incomplete; every benchmark still ran.
exit "$status"
