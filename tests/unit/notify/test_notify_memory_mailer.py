"""The in-memory mailer (a product adapter) and the MIME message every mailer sends."""

from email import policy
from email.parser import BytesParser

from jiraex_shared.notify import MemoryMailer, OutgoingMail, RenderedMail
from jiraex_shared.notify.dispatch import mail_message_id
from jiraex_shared.notify.mime_message import build_mime

CONTENT = RenderedMail(subject="Hello é", text="plain body\n", html="<p>html body</p>")


def _mail(recipient: str) -> OutgoingMail:
    return OutgoingMail("Jira Issue Extractor <noreply@jx.example>", recipient, CONTENT, "<id@jx.example>")


async def test_memory_mailer_keeps_the_newest_mail_and_finds_it_by_recipient() -> None:
    mailer = MemoryMailer(capacity=2)
    for recipient in ("a@x.org", "B@x.org", "c@x.org"):
        await mailer.send(_mail(recipient))
    assert [mail.recipient for mail in mailer.outbox] == ["B@x.org", "c@x.org"]
    assert mailer.messages_to("b@x.org") == [_mail("B@x.org")]
    assert mailer.messages_to("a@x.org") == []


def test_mime_message_is_multipart_alternative_with_both_parts() -> None:
    parsed = BytesParser(policy=policy.default).parsebytes(bytes(build_mime(_mail("a@x.org"))))
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed["Subject"] == "Hello é"
    assert parsed["To"] == "a@x.org"
    assert parsed["Message-ID"] == "<id@jx.example>"
    assert parsed["Auto-Submitted"] == "auto-generated"
    text = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    assert text is not None and text.get_content() == "plain body\n"
    assert html is not None and "<p>html body</p>" in html.get_content()


def test_message_id_is_fixed_by_event_and_recipient() -> None:
    sender = "X <noreply@jx.example>"
    first = mail_message_id("e-1", "a@x.org", sender)
    assert first == mail_message_id("e-1", "A@x.org", sender)
    assert first != mail_message_id("e-2", "a@x.org", sender)
    assert first.startswith("<") and first.endswith("@jx.example>")
