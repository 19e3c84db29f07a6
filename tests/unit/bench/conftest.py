"""bench/ helpers are script-side modules (bench/ is sys.path[0] when a benchmark runs): import them so."""

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))
