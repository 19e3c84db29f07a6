"""Export jobs end to end: the three steps a worker runs per message, over the database, bus and streams."""

from jiraex_shared.jobs.deps import JobDeps
from jiraex_shared.jobs.outcomes import cancel, fail, finish
from jiraex_shared.jobs.steps import ExportJobSteps, create_job_steps

__all__ = ["ExportJobSteps", "JobDeps", "cancel", "create_job_steps", "fail", "finish"]
