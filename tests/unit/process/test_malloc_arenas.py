"""The glibc arena cap: applied on glibc, and an operator's MALLOC_ARENA_MAX wins."""

import platform
import subprocess
import sys

import pytest

from jiraex_shared.malloc_arenas import limit_malloc_arenas


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the cap is a glibc setting")
def test_the_cap_applies_on_glibc() -> None:
    # In a child, so this test process keeps glibc's defaults.
    code = "from jiraex_shared.malloc_arenas import limit_malloc_arenas as f; print(f())"
    env = {"PATH": "/usr/bin:/bin"}
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          check=True).stdout.strip() == "True"


def test_an_explicit_malloc_arena_max_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert limit_malloc_arenas() is False
