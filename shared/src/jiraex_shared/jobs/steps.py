"""The worker's `JobSteps`: what the export queues run, in the fleet and in the embedded mode alike."""

from jiraex_shared.contracts import AssembleExport, ExportRequested, ExtractChunk
from jiraex_shared.jobs.assemble_step import run_assemble
from jiraex_shared.jobs.chunk_step import run_chunk
from jiraex_shared.jobs.deps import JobDeps
from jiraex_shared.jobs.plan_step import run_plan


class ExportJobSteps:
    def __init__(self, deps: JobDeps) -> None:
        self.deps = deps

    async def on_export_requested(self, message: ExportRequested) -> None:
        await run_plan(self.deps, message)

    async def on_extract_chunk(self, message: ExtractChunk) -> None:
        await run_chunk(self.deps, message)

    async def on_assemble(self, message: AssembleExport) -> None:
        await run_assemble(self.deps, message)


def create_job_steps(deps: JobDeps) -> ExportJobSteps:
    return ExportJobSteps(deps)
