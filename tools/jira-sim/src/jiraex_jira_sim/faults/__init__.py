"""Injectable faults and limits: settings, schedules, token buckets and the seeded injector."""

from jiraex_jira_sim.faults.injector import FaultInjector
from jiraex_jira_sim.faults.settings import FaultSettings, LatencyRule, parse_latency_rule, patch_settings

__all__ = ["FaultInjector", "FaultSettings", "LatencyRule", "parse_latency_rule", "patch_settings"]
