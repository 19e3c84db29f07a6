"""The embedded mode's credential key: generated into the data dir on first start (mode 0600), reused after."""

import base64
import os
from pathlib import Path

from jiraex_shared.security.credential_cipher import KEY_BYTES, CredentialError, decode_key

SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret


class SecretKeyFileError(RuntimeError):
    """The key file exists but cannot be used (unreadable or not a key); the message names the file."""


def secret_key_path(data_dir: Path) -> Path:
    return data_dir / SECRET_KEY_FILE


def load_or_create_secret_key(data_dir: Path) -> str:
    """The base64 key stored in ``data_dir``, created there first if missing.

    Losing this file makes every stored Jira credential unreadable, so an existing file is never replaced:
    a file that does not hold a key stops the start instead.
    """
    path = secret_key_path(data_dir)
    if path.exists():
        return _read_key(path)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    encoded = base64.b64encode(os.urandom(KEY_BYTES)).decode()
    # Written whole under a temporary name, then linked into place: link fails if the name exists, so two
    # starts racing on a fresh data dir never see a half-written key and the loser reads the winner's.
    draft = data_dir / f".{SECRET_KEY_FILE}.{os.getpid()}"
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # a stale draft left by a crash may carry another mode
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(encoded + "\n")
        os.link(draft, path)
    except FileExistsError:
        return _read_key(path)
    finally:
        draft.unlink(missing_ok=True)
    return encoded


def _read_key(path: Path) -> str:
    try:
        encoded = path.read_text(encoding="ascii").strip()
        decode_key(encoded)
    except (OSError, UnicodeDecodeError, CredentialError) as error:
        raise SecretKeyFileError(f"{path} does not hold a usable secret key: {error}") from None
    return encoded
