"""The ``jiraex-jira-sim`` command line: every flag, with help, mapped onto a SimConfig."""

from __future__ import annotations

import argparse

from jiraex_jira_sim.config import SimConfig
from jiraex_jira_sim.faults.settings import FaultSettings, LatencyRule, parse_latency_rule


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not a fraction between 0 and 1")
    return value


def _non_negative(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} must not be negative")
    return value


def _latency(text: str) -> LatencyRule:
    try:
        return parse_latency_rule(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows defaults, except empty ones (None, [], False) whose meaning the help text already states."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default is None or action.default is False or action.default == []:
            return action.help
        return super()._get_help_string(action)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jiraex-jira-sim",
        description="A Jira Cloud / Server REST simulator over a seeded dataset, with injectable faults. "
        "Prints 'READY http://HOST:PORT' on stdout once it accepts requests.",
        formatter_class=_HelpFormatter,
    )
    net = parser.add_argument_group("listeners")
    net.add_argument("--host", default="127.0.0.1", help="address both listeners bind to")
    net.add_argument("--port", type=int, default=8900, help="Jira REST port (0 picks a free port)")
    net.add_argument("--media-port", type=int, default=0, help="media (attachment download) port; 0 picks one")
    net.add_argument("--public-url", help="base URL written into responses (default: the bound address)")
    net.add_argument("--media-public-url", help="media base URL used in 303 Locations (default: bound address)")

    data = parser.add_argument_group("deployment and dataset")
    data.add_argument("--mode", choices=("cloud", "server"), default="cloud", help="Jira Cloud or Server/DC")
    data.add_argument("--issues", type=int, default=1000, help="number of issues in the dataset")
    data.add_argument("--seed", type=int, default=1, help="dataset seed (same seed, same data)")
    data.add_argument("--projects", type=int, default=4, help="number of projects")
    data.add_argument("--heavy-every", type=int, default=97, help="every Nth issue has very long histories")
    data.add_argument("--max-attachment-bytes", type=int, default=20 * 1024 * 1024, help="largest attachment")
    data.add_argument(
        "--server-max-results",
        type=int,
        default=1000,
        help="Server/DC cap on search maxResults (jira.search.views.default.max); the effective value is echoed",
    )

    data.add_argument(
        "--render-cache-mb",
        type=int,
        default=512,
        help="memory (MiB) for encoded issue JSON, so re-reading an issue costs no rendering; 0 disables",
    )

    auth = parser.add_argument_group("credentials")
    auth.add_argument("--email", default="sim@example.com", help="Cloud account e-mail (Basic email:token)")
    auth.add_argument("--token", default="sim-token", help="Cloud API token, or the Server/DC personal access token")
    auth.add_argument("--user", help="Server/DC username for Basic user:password")
    auth.add_argument("--password", help="Server/DC password for Basic user:password")

    faults = parser.add_argument_group("faults and limits (all reproducible from --fault-seed)")
    faults.add_argument("--fault-seed", type=int, help="seed of the fault RNG (default: --seed)")
    faults.add_argument(
        "--latency",
        type=_latency,
        action="append",
        default=[],
        metavar="PATTERN=MS[:JITTER]",
        help="delay requests whose path matches the fnmatch PATTERN by MS ± JITTER milliseconds; repeatable, "
        "first match wins (e.g. '*/search/jql=50:10', '*=5')",
    )
    faults.add_argument(
        "--rate-limit",
        type=_non_negative,
        default=0.0,
        metavar="RPS",
        help="token bucket per credential, refilled at RPS requests/s (0: off); 429 when empty",
    )
    faults.add_argument("--rate-limit-burst", type=int, default=0, metavar="N", help="bucket capacity (0: max(1, RPS))")
    faults.add_argument(
        "--retry-after-zero-fraction",
        type=_fraction,
        default=0.0,
        metavar="F",
        help="fraction of 429s that say Retry-After: 0",
    )
    faults.add_argument(
        "--html-429-fraction",
        type=_fraction,
        default=0.0,
        metavar="F",
        help="fraction of Cloud 429s with an HTML body instead of JSON (Server 429s are HTML)",
    )
    faults.add_argument(
        "--storm-every", type=_non_negative, default=0.0, metavar="S", help="429 storm period in seconds (0: no storms)"
    )
    faults.add_argument(
        "--storm-duration",
        type=_non_negative,
        default=0.0,
        metavar="D",
        help="length of each storm; every request gets 429 with Retry-After = time left",
    )
    faults.add_argument(
        "--storm-start-after",
        type=_non_negative,
        metavar="T",
        help="seconds until the first storm (default: --storm-every)",
    )
    faults.add_argument(
        "--error-rate", type=_fraction, default=0.0, metavar="F", help="fraction of requests answered 5xx"
    )
    faults.add_argument(
        "--error-503-fraction",
        type=_fraction,
        default=0.5,
        metavar="F",
        help="fraction of those 5xx that are 503 with Retry-After (the rest: 500 or 502)",
    )
    faults.add_argument("--error-retry-after", type=int, default=1, metavar="S", help="Retry-After of those 503s")
    faults.add_argument(
        "--reset-rate",
        type=_fraction,
        default=0.0,
        metavar="F",
        help="fraction of requests answered with a TCP reset (RST)",
    )
    faults.add_argument(
        "--truncate-rate",
        type=_fraction,
        default=0.0,
        metavar="F",
        help="fraction of responses cut after half the promised Content-Length",
    )
    faults.add_argument(
        "--blackhole-duration",
        type=_non_negative,
        default=0.0,
        metavar="W",
        help="blackhole window length: requests are read and never answered (0: off)",
    )
    faults.add_argument(
        "--blackhole-start-after",
        type=_non_negative,
        default=0.0,
        metavar="T",
        help="seconds from start until the first blackhole window",
    )
    faults.add_argument(
        "--blackhole-every",
        type=_non_negative,
        default=0.0,
        metavar="S",
        help="repeat the blackhole window every S seconds (0: once)",
    )
    faults.add_argument(
        "--media-bytes-per-second",
        type=int,
        default=0,
        metavar="N",
        help="throttle each download on the media listener to N bytes/s (0: unlimited)",
    )
    faults.add_argument(
        "--drop-attachment-streams",
        action="store_true",
        help="close each attachment's first media download mid-body (clients must resume with Range)",
    )
    faults.add_argument(
        "--early-retry-grace-ms",
        type=_non_negative,
        default=250.0,
        metavar="MS",
        help="stats: a request on another connection than a 429/503 is an early retry only if it arrives MS "
        "after that answer (requests on the same connection always count)",
    )
    parser.add_argument("--log-level", default="WARNING", help="logging level for stderr")
    return parser


def config_from_args(args: argparse.Namespace) -> SimConfig:
    faults = FaultSettings(
        seed=args.seed if args.fault_seed is None else args.fault_seed,
        latency=tuple(args.latency),
        rate_limit_rps=args.rate_limit,
        rate_limit_burst=args.rate_limit_burst,
        retry_after_zero_fraction=args.retry_after_zero_fraction,
        html_429_fraction=args.html_429_fraction,
        storm_every_s=args.storm_every,
        storm_duration_s=args.storm_duration,
        storm_start_after_s=args.storm_start_after,
        error_rate=args.error_rate,
        error_503_fraction=args.error_503_fraction,
        error_retry_after_s=args.error_retry_after,
        reset_rate=args.reset_rate,
        truncate_rate=args.truncate_rate,
        blackhole_duration_s=args.blackhole_duration,
        blackhole_start_after_s=args.blackhole_start_after,
        blackhole_every_s=args.blackhole_every,
        media_bytes_per_s=args.media_bytes_per_second,
        drop_attachment_streams=args.drop_attachment_streams,
        early_retry_grace_ms=args.early_retry_grace_ms,
    )
    return SimConfig(
        mode=args.mode,
        host=args.host,
        port=args.port,
        media_port=args.media_port,
        issues=args.issues,
        seed=args.seed,
        projects=args.projects,
        heavy_every=args.heavy_every,
        max_attachment_bytes=args.max_attachment_bytes,
        email=args.email,
        token=args.token,
        user=args.user,
        password=args.password,
        server_max_results=args.server_max_results,
        render_cache_mb=args.render_cache_mb,
        public_url=args.public_url,
        media_public_url=args.media_public_url,
        faults=faults,
    )
