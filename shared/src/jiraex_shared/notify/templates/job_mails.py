"""The mail about a finished export: state, counts, warnings or error, duration and a link to the job page."""

from datetime import datetime

from jiraex_shared.contracts import JobCancelled, JobEvent, JobFailed, JobSucceededWithWarnings
from jiraex_shared.notify.mail import RenderedMail
from jiraex_shared.notify.templates.formatting import byte_size, duration
from jiraex_shared.notify.templates.layout import (
    Html,
    bullet_list,
    button,
    facts,
    heading,
    html_document,
    one_line,
    paragraph,
    preformatted,
    text_document,
    text_facts,
)

# The event carries at most 100 warning texts; a mail lists the first few and points to the job page.
MAX_LISTED_WARNINGS = 10

_OUTCOME = {
    "job.succeeded": "succeeded",
    "job.succeeded_with_warnings": "finished with warnings",
    "job.failed": "failed",
    "job.cancelled": "was cancelled",
}
_STATE = {
    "job.succeeded": "succeeded",
    "job.succeeded_with_warnings": "succeeded_with_warnings",
    "job.failed": "failed",
    "job.cancelled": "cancelled",
}


def job_state(event: JobEvent) -> str:
    """The job state ``event`` announces (``contracts.JobState`` vocabulary)."""
    return _STATE[str(type(event).__struct_config__.tag)]


def job_page_url(public_url: str, job_id: str) -> str:
    """The web app's page of one job, under the deployment's public URL."""
    return f"{public_url.rstrip('/')}/jobs/{job_id}"


def render_job_finished(event: JobEvent, *, public_url: str, schedule_name: str | None = None) -> RenderedMail:
    name = one_line(event.export_name) or event.job_id
    outcome = _OUTCOME[str(type(event).__struct_config__.tag)]
    subject = one_line(f'Export "{name}" {outcome}')
    url = job_page_url(public_url, event.job_id)
    rows = _facts(event, schedule_name)
    text_parts = [subject + ".", text_facts(rows)]
    html_parts: list[Html] = [heading(subject), facts(rows)]
    if isinstance(event, JobFailed):
        text_parts.append(f"Error ({event.error_kind}):\n{event.error_message}")
        html_parts += [paragraph(f"Error ({event.error_kind}):"), preformatted(event.error_message)]
    if isinstance(event, JobSucceededWithWarnings) and event.warning_messages:
        listed = event.warning_messages[:MAX_LISTED_WARNINGS]
        more = event.warnings - len(listed)
        title = f"Warnings ({event.warnings}):" if event.warnings else "Warnings:"
        tail = [f"… and {more} more on the job page."] if more > 0 else []
        text_parts.append("\n".join([title, *(f"  - {one_line(item, 500)}" for item in listed), *tail]))
        html_parts += [paragraph(title), bullet_list(one_line(item, 500) for item in listed)]
        html_parts += [paragraph(line) for line in tail]
    text_parts.append(f"Open the job:\n{url}")
    html_parts.append(button(url, "Open the job"))
    return RenderedMail(subject=subject, text=text_document(text_parts), html=html_document(subject, html_parts))


def _facts(event: JobEvent, schedule_name: str | None) -> list[tuple[str, str]]:
    counts = event.counts
    rows = [("Export", one_line(event.export_name, 255)), ("State", job_state(event))]
    if schedule_name:
        rows.append(("Schedule", one_line(schedule_name)))
    issues = f"{counts.issues_exported} exported"
    if counts.issues_expected:
        issues = f"{counts.issues_exported} of {counts.issues_expected} exported"
    rows += [
        ("Issues", issues),
        ("Comments", str(counts.comments)),
        ("History entries", str(counts.histories)),
        ("Worklogs", str(counts.worklogs)),
        ("Attachments", f"{counts.attachments} ({byte_size(counts.attachment_bytes)})"),
        ("Warnings", str(event.warnings)),
        ("Duration", _duration(event.started_at, event.finished_at)),
        ("Finished", event.finished_at.strftime("%Y-%m-%d %H:%M:%S UTC")),
    ]
    if isinstance(event, JobCancelled) and event.cancelled_by:
        rows.append(("Cancelled by", event.cancelled_by))
    return rows


def _duration(started_at: datetime | None, finished_at: datetime) -> str:
    if started_at is None:
        return "never started"
    return duration((finished_at - started_at).total_seconds())
