"""Fault settings: CLI rules, run-time patches, and reproducible draws."""

import msgspec
import pytest

from jiraex_jira_sim.faults.injector import FaultInjector
from jiraex_jira_sim.faults.settings import FaultSettings, LatencyRule, parse_latency_rule, patch_settings


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("*/search/jql=50", LatencyRule("*/search/jql", 50.0, 0.0)),
        ("*=5:2.5", LatencyRule("*", 5.0, 2.5)),
        ("/rest/api/3/issue/*=100±20", LatencyRule("/rest/api/3/issue/*", 100.0, 20.0)),
        ("*bulkfetch=7+-1", LatencyRule("*bulkfetch", 7.0, 1.0)),
    ],
)
def test_latency_rules(text: str, rule: LatencyRule) -> None:
    assert parse_latency_rule(text) == rule


@pytest.mark.parametrize("text", ["nothing", "*=", "*=fast", "=5"])
def test_bad_latency_rules(text: str) -> None:
    with pytest.raises(ValueError, match="PATTERN=MS"):
        parse_latency_rule(text)


def test_patch_merges_and_validates() -> None:
    base = FaultSettings(rate_limit_rps=5)
    patched = patch_settings(base, {"error_rate": 0.25, "latency": [{"pattern": "*", "ms": 3}]})
    assert patched.rate_limit_rps == 5
    assert patched.error_rate == 0.25
    # Compared as plain data: msgspec resolves annotations through sys.modules, which other tests may reload.
    assert list(msgspec.to_builtins(patched.latency)) == [{"pattern": "*", "ms": 3.0, "jitter_ms": 0.0}]
    for bad in ({"error_rate": 1.5}, {"unknown": 1}, {"rate_limit_rps": -1}, {"latency": [{"ms": 3}]}):
        with pytest.raises(ValueError, match=r"."):
            patch_settings(base, bad)


def test_draws_are_reproducible() -> None:
    def run() -> list[object]:
        injector = FaultInjector(
            FaultSettings(seed=4, error_rate=0.3, reset_rate=0.2, truncate_rate=0.2, latency=(LatencyRule("*", 10, 5),))
        )
        return [
            (injector.latency_for("/x"), injector.draw_reset(), injector.draw_server_error(), injector.draw_truncate())
            for _ in range(50)
        ]

    first = run()
    assert first == run()
    assert any(reset for _, reset, _, _ in first)
    assert any(error for _, _, error, _ in first)
    assert all(0.005 <= delay <= 0.015 for delay, _, _, _ in first)


def test_windows_restart_when_patched() -> None:
    now = [100.0]
    injector = FaultInjector(FaultSettings(), clock=lambda: now[0])
    assert injector.storm_remaining(100.0) == 0.0
    now[0] = 200.0
    injector.update({"storm_every_s": 60, "storm_duration_s": 5, "storm_start_after_s": 0})
    assert injector.storm_remaining(201.0) == pytest.approx(4.0)
    assert injector.storm_remaining(206.0) == 0.0
    assert injector.storm_remaining(262.0) == pytest.approx(3.0)
    injector.update({"blackhole_duration_s": 2, "blackhole_start_after_s": 10})
    assert injector.blackhole_remaining(205.0) == 0.0
    assert injector.blackhole_remaining(211.0) == pytest.approx(1.0)


def test_each_attachment_is_dropped_once() -> None:
    injector = FaultInjector(FaultSettings(drop_attachment_streams=True))
    assert injector.should_drop(1)
    assert not injector.should_drop(1)
    assert injector.should_drop(2)
    injector.update({"drop_attachment_streams": True})  # re-arming forgets the drops
    assert injector.should_drop(1)
    injector.update({"drop_attachment_streams": False})
    assert not injector.should_drop(3)
