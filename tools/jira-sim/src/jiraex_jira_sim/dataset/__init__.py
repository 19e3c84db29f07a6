"""Deterministic Jira dataset and its rendering as Jira REST JSON."""

from jiraex_jira_sim.dataset.attachments import AttachmentInfo
from jiraex_jira_sim.dataset.config import DatasetConfig
from jiraex_jira_sim.dataset.dataset import Dataset
from jiraex_jira_sim.dataset.field_spec import FieldSpec
from jiraex_jira_sim.dataset.jql_view import SimIssue
from jiraex_jira_sim.dataset.renderer import Renderer

__all__ = ["AttachmentInfo", "Dataset", "DatasetConfig", "FieldSpec", "Renderer", "SimIssue"]
