"""Why a mail did not go out: worth retrying, refused for good, or a message the notifier cannot render."""


class MailError(Exception):
    """Sending one mail to one recipient failed; ``str(error)`` is the server's reply or the connection problem."""


class MailTemporaryError(MailError):
    """Retrying later can succeed: the server was unreachable, timed out, answered 4xx, or is misconfigured.

    Authentication, sender and TLS problems are configuration faults, not properties of the mail: once an
    operator fixes the setting the same mail goes out, so they are retried rather than given up on.
    """


class MailPermanentError(MailError):
    """The server refused this recipient or this message with a 5xx reply; retrying cannot help."""


class InvalidMailParams(ValueError):
    """A ``notify.email`` command the templates cannot render safely (e.g. a link that is not http/https)."""


class DeliveryPostponed(Exception):
    """Some recipients could not be reached within this delivery's retry window; deliver the message again later.

    Recipients already mailed are recorded, so the next delivery sends only to the rest.
    """


class DeliveryRefused(Exception):
    """The server refused some recipient for good (recorded as ``failed``); the other recipients were mailed."""
