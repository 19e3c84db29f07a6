"""The command that asks the notifier to send one templated e-mail."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Literal

import msgspec

from jiraex_shared.contracts.base import Message

EmailTemplate = Literal["invitation", "password_reset", "schedule_paused"]

# The params each template renders; a producer may send more, never fewer. Values are preformatted
# text (timestamps as ISO 8601) so the notifier stays a dumb renderer.
EMAIL_TEMPLATE_PARAMS: Mapping[EmailTemplate, frozenset[str]] = MappingProxyType(
    {
        "invitation": frozenset({"accept_url", "invited_by", "expires_at"}),
        "password_reset": frozenset({"reset_url", "expires_at"}),
        "schedule_paused": frozenset({"schedule_name", "schedule_url", "consecutive_failures", "last_error"}),
    }
)

EmailAddress = Annotated[str, msgspec.Meta(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")]
ParamName = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
ParamValue = Annotated[str, msgspec.Meta(max_length=8_192)]


class SendEmail(Message, frozen=True, kw_only=True, tag="notify.email"):
    """Send ``template`` to ``to``, rendered with ``params``.

    ``accept_url`` and ``reset_url`` embed single-use secrets: log the template and the message
    id, never the params.
    """

    template: EmailTemplate
    to: EmailAddress
    params: Annotated[dict[ParamName, ParamValue], msgspec.Meta(max_length=64)] = msgspec.field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        required = EMAIL_TEMPLATE_PARAMS.get(self.template)
        if required is None:
            raise ValueError(f"unknown e-mail template {self.template!r}")
        missing = required - self.params.keys()
        if missing:
            raise ValueError(f"template {self.template!r} needs params {sorted(missing)}")
