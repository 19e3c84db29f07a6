"""Templates: both parts say the same, every outside value is escaped in HTML, links must be http(s)."""

from datetime import UTC, datetime, timedelta

import pytest

from jiraex_shared.contracts import (
    ExportCounts,
    JobCancelled,
    JobFailed,
    JobSucceeded,
    JobSucceededWithWarnings,
    SendEmail,
)
from jiraex_shared.notify import InvalidMailParams
from jiraex_shared.notify.templates import job_page_url, render_command_mail, render_job_finished
from jiraex_shared.notify.templates.formatting import byte_size, duration

HOSTILE = '<script>alert("x")</script> & <b onmouseover=\'y\'>'
FINISHED = datetime(2026, 11, 25, 10, 0, 0, tzinfo=UTC)
PUBLIC = "https://exports.example.com/"


def _counts() -> ExportCounts:
    return ExportCounts(
        issues_expected=120, issues_exported=118, comments=40, histories=300, worklogs=7, attachments=3,
        attachment_bytes=1_500_000,
    )


def test_job_succeeded_mail_has_counts_duration_and_link() -> None:
    event = JobSucceeded(
        job_id="j-1", export_name="Weekly ACME", counts=_counts(),
        started_at=FINISHED - timedelta(minutes=3, seconds=7), finished_at=FINISHED,
    )
    mail = render_job_finished(event, public_url=PUBLIC, schedule_name="Nightly")
    assert mail.subject == 'Export "Weekly ACME" succeeded'
    for part in (mail.text, mail.html):
        assert "118 of 120 exported" in part
        assert "3 min 7 s" in part
        assert "1.5 MB" in part
        assert "Nightly" in part
        assert "https://exports.example.com/jobs/j-1" in part
    assert 'href="https://exports.example.com/jobs/j-1"' in mail.html


def test_jira_text_never_reaches_html_unescaped() -> None:
    event = JobFailed(
        job_id="j-2", export_name=HOSTILE, error_message=f"Jira said: {HOSTILE}", error_kind="jira_bad_request",
        finished_at=FINISHED,
    )
    mail = render_job_finished(event, public_url=PUBLIC, schedule_name=HOSTILE)
    assert "<script>" not in mail.html
    assert "onmouseover='y'" not in mail.html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b onmouseover=&#x27;y&#x27;&gt;" in mail.html
    # The text part is plain text: the value as it is, readable.
    assert f"Jira said: {HOSTILE}" in mail.text
    assert "jira_bad_request" in mail.text
    assert "never started" in mail.text


def test_subject_is_one_header_safe_line() -> None:
    event = JobSucceeded(job_id="j-3", export_name="evil\r\nBcc: victim@example.com", finished_at=FINISHED)
    mail = render_job_finished(event, public_url=PUBLIC)
    assert "\r" not in mail.subject and "\n" not in mail.subject
    assert mail.subject == 'Export "evil Bcc: victim@example.com" succeeded'


def test_warnings_are_listed_up_to_ten_with_the_rest_counted() -> None:
    warnings = tuple(f"issue ACME-{n} <lost> comment" for n in range(12))
    event = JobSucceededWithWarnings(
        job_id="j-4", export_name="x", warnings=25, warning_messages=warnings, finished_at=FINISHED,
    )
    mail = render_job_finished(event, public_url=PUBLIC)
    assert mail.subject == 'Export "x" finished with warnings'
    assert "Warnings (25):" in mail.text
    assert "ACME-9 <lost>" in mail.text and "ACME-10" not in mail.text
    assert "… and 15 more on the job page." in mail.text
    assert "ACME-9 &lt;lost&gt;" in mail.html and "<lost>" not in mail.html


def test_cancelled_mail_names_who_cancelled() -> None:
    mail = render_job_finished(
        JobCancelled(job_id="j-5", export_name="x", cancelled_by="u-7", finished_at=FINISHED), public_url=PUBLIC
    )
    assert mail.subject == 'Export "x" was cancelled'
    assert "u-7" in mail.text and "cancelled" in mail.html


def test_invitation_and_reset_mails_carry_their_links() -> None:
    invitation = render_command_mail(SendEmail(
        template="invitation", to="new@example.com",
        params={"accept_url": "https://x.example/accept?t=abc&u=1", "invited_by": HOSTILE, "expires_at": "2026-11-28"},
    ))
    assert 'href="https://x.example/accept?t=abc&amp;u=1"' in invitation.html
    assert "https://x.example/accept?t=abc&u=1" in invitation.text
    assert "<script>" not in invitation.html
    assert "2026-11-28" in invitation.text
    reset = render_command_mail(SendEmail(
        template="password_reset", to="a@example.com",
        params={"reset_url": "https://x.example/reset?t=s3cret", "expires_at": "2026-11-25T10:30:00Z"},
    ))
    assert reset.subject == "Reset your Jira Issue Extractor password"
    assert "https://x.example/reset?t=s3cret" in reset.text and "https://x.example/reset?t=s3cret" in reset.html


def test_schedule_paused_mail() -> None:
    mail = render_command_mail(SendEmail(
        template="schedule_paused", to="o@example.com",
        params={"schedule_name": "Nightly <ACME>", "schedule_url": "https://x.example/schedules/s-1",
                "consecutive_failures": "5", "last_error": "JQL <bad>"},
    ))
    assert mail.subject == 'Schedule "Nightly <ACME>" was paused'
    assert "Nightly &lt;ACME&gt;" in mail.html and "JQL &lt;bad&gt;" in mail.html
    assert "last 5 runs failed" in mail.text


@pytest.mark.parametrize("url", ["javascript:alert(1)", "/relative/path", "ftp://x.example/f", "https://"])
def test_a_link_that_is_not_absolute_http_is_refused(url: str) -> None:
    command = SendEmail(template="password_reset", to="a@example.com", params={"reset_url": url, "expires_at": "t"})
    with pytest.raises(InvalidMailParams, match="absolute http"):
        render_command_mail(command)


def test_formatting_helpers() -> None:
    assert duration(42.4) == "42 s"
    assert duration(3 * 3600 + 65) == "3 h 1 min"
    assert duration(-5) == "0 s"
    assert byte_size(999) == "999 B"
    assert byte_size(1_234_567_890) == "1.2 GB"
    assert job_page_url("https://h.example/base/", "j") == "https://h.example/base/jobs/j"
