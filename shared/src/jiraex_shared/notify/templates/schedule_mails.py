"""The mail telling a schedule's owner it was paused after failing too many times in a row."""

from collections.abc import Mapping

from jiraex_shared.notify.mail import RenderedMail
from jiraex_shared.notify.templates.layout import (
    button,
    checked_url,
    heading,
    html_document,
    one_line,
    paragraph,
    preformatted,
    text_document,
)


def render_schedule_paused(params: Mapping[str, str]) -> RenderedMail:
    name = one_line(params["schedule_name"])
    url = checked_url(params["schedule_url"])
    subject = f'Schedule "{name}" was paused'
    why = (
        f"Its last {params['consecutive_failures']} runs failed, so it will not run again until you resume it. "
        "The last error was:"
    )
    last_error = params["last_error"]
    return RenderedMail(
        subject=one_line(subject),
        text=text_document([subject + ".", why, last_error, f"Open the schedule:\n{url}"]),
        html=html_document(
            subject,
            [heading(subject), paragraph(why), preformatted(last_error), button(url, "Open the schedule")],
        ),
    )
