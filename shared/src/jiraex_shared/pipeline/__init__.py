"""The export pipeline: plan, extract chunks, assemble — plain async functions over injected ports."""

from jiraex_shared.pipeline.assemble import AssembleResult, assemble_export
from jiraex_shared.pipeline.chunks import Chunk, PlanState
from jiraex_shared.pipeline.extract import ChunkResult, extract_chunk
from jiraex_shared.pipeline.local_run import LocalExportResult, run_local_export
from jiraex_shared.pipeline.plan import plan_export
from jiraex_shared.pipeline.ports import MemoryPlanJournal, PlanJournal
from jiraex_shared.pipeline.preflight import Preflight, preflight
from jiraex_shared.pipeline.progress import NullProgress, ProgressSink, RecordingProgress
from jiraex_shared.pipeline.spec import ExportSpec

__all__ = [
    "AssembleResult",
    "Chunk",
    "ChunkResult",
    "ExportSpec",
    "LocalExportResult",
    "MemoryPlanJournal",
    "NullProgress",
    "PlanJournal",
    "PlanState",
    "Preflight",
    "ProgressSink",
    "RecordingProgress",
    "assemble_export",
    "extract_chunk",
    "plan_export",
    "preflight",
    "run_local_export",
]
