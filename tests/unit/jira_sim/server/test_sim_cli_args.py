"""The command line: every flag documented, flags mapped onto the config and fault settings."""

import pytest

from jiraex_jira_sim.cli import build_parser, config_from_args
from jiraex_jira_sim.faults.settings import LatencyRule


def test_every_flag_has_help() -> None:
    parser = build_parser()
    for action in parser._actions:
        assert action.help, f"{action.option_strings} has no help text"
    text = parser.format_help()
    for flag in (
        "--mode",
        "--port",
        "--media-port",
        "--issues",
        "--seed",
        "--email",
        "--token",
        "--user",
        "--password",
        "--rate-limit",
        "--storm-every",
        "--blackhole-duration",
        "--reset-rate",
        "--truncate-rate",
        "--drop-attachment-streams",
        "--media-bytes-per-second",
        "--latency",
    ):
        assert flag in text


def test_flags_to_config() -> None:
    args = build_parser().parse_args(
        [
            "--mode",
            "server",
            "--port",
            "0",
            "--issues",
            "20",
            "--seed",
            "9",
            "--token",
            "pat",
            "--user",
            "u",
            "--password",
            "p",
            "--server-max-results",
            "25",
            "--latency",
            "*/search=40:5",
            "--latency",
            "*=1",
            "--rate-limit",
            "10",
            "--rate-limit-burst",
            "20",
            "--retry-after-zero-fraction",
            "0.1",
            "--html-429-fraction",
            "0.2",
            "--storm-every",
            "30",
            "--storm-duration",
            "3",
            "--error-rate",
            "0.05",
            "--reset-rate",
            "0.01",
            "--truncate-rate",
            "0.02",
            "--blackhole-duration",
            "5",
            "--blackhole-start-after",
            "10",
            "--media-bytes-per-second",
            "1000",
            "--drop-attachment-streams",
            "--early-retry-grace-ms",
            "100",
        ]
    )
    config = config_from_args(args)
    assert (config.mode, config.port, config.issues, config.seed) == ("server", 0, 20, 9)
    assert (config.token, config.user, config.password, config.server_max_results) == ("pat", "u", "p", 25)
    faults = config.faults
    assert faults.seed == 9  # the fault seed follows --seed unless given
    assert faults.latency == (LatencyRule("*/search", 40.0, 5.0), LatencyRule("*", 1.0, 0.0))
    assert (faults.rate_limit_rps, faults.rate_limit_burst) == (10.0, 20)
    assert (faults.retry_after_zero_fraction, faults.html_429_fraction) == (0.1, 0.2)
    assert (faults.storm_every_s, faults.storm_duration_s, faults.storm_start_after_s) == (30.0, 3.0, None)
    assert (faults.error_rate, faults.reset_rate, faults.truncate_rate) == (0.05, 0.01, 0.02)
    assert (faults.blackhole_duration_s, faults.blackhole_start_after_s) == (5.0, 10.0)
    assert faults.media_bytes_per_s == 1000
    assert faults.drop_attachment_streams
    assert faults.early_retry_grace_ms == 100.0


@pytest.mark.parametrize(
    "argv", [["--error-rate", "1.5"], ["--latency", "nope"], ["--mode", "datacenter"], ["--rate-limit", "-1"]]
)
def test_invalid_flags_exit(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(argv)
