"""Typed settings of every process, loaded once from `JIRA_EXTRACTOR_*` environment variables."""

from jiraex_shared.settings.adapters import AdapterChoice, describe_adapters
from jiraex_shared.settings.loader import ENV_PREFIX, SettingsError, load_settings
from jiraex_shared.settings.model import Settings

__all__ = ["ENV_PREFIX", "AdapterChoice", "Settings", "SettingsError", "describe_adapters", "load_settings"]
