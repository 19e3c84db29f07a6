"""What rich-text renderers need to turn links and attachment references into safe local links."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from jiraex_shared.exporters.sanitize import relative_href


@dataclass(frozen=True, slots=True)
class AttachmentLink:
    """A downloaded attachment as seen from the page being rendered."""

    href: str
    image: bool


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """``base_url`` resolves site-relative Jira links; ``attachments`` maps names and ids to local copies."""

    base_url: str = ""
    attachments: Mapping[str, AttachmentLink] = field(default_factory=dict)

    def attachment(self, name: str) -> AttachmentLink | None:
        return self.attachments.get(name) if name else None


def attachment_links(attachments: Iterable[dict[str, object]], prefix: str) -> dict[str, AttachmentLink]:
    """Links to each downloaded attachment, by file name and by id; ``prefix`` climbs to the export root."""
    links: dict[str, AttachmentLink] = {}
    for item in attachments:
        path = item.get("path")
        if not isinstance(path, str) or not path:
            continue
        mime = item.get("mimeType")
        link = AttachmentLink(
            relative_href(path, prefix), isinstance(mime, str) and mime.startswith("image/")
        )
        for name in (item.get("filename"), item.get("id")):
            if isinstance(name, str | int) and str(name) not in links:
                links[str(name)] = link
    return links
