"""Re-seal every connection credential with the current key, batch by batch; safe to run again at any time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jiraex_shared.db.repositories.connection_keys import (
    connections_sealed_with_other_keys,
    key_id_counts,
    reseal_connection,
)
from jiraex_shared.log import get_logger
from jiraex_shared.security.credential_cipher import CredentialCipher, CredentialError

log = get_logger(__name__)


@dataclass
class RotationReport:
    """``rotated`` rows were re-sealed now; ``unreadable`` ones could not be opened with any configured key
    (their key is missing, or the row was altered) and were left as they are."""

    current_key_id: str
    rotated: int = 0
    unreadable: list[uuid.UUID] = field(default_factory=list)
    # Connections per key id after the run: an old key may be dropped once its id is gone from here.
    key_ids: dict[str, int] = field(default_factory=dict)

    @property
    def already_current(self) -> int:
        return self.key_ids.get(self.current_key_id, 0) - self.rotated


async def rotate_connection_keys(
    sessions: async_sessionmaker[AsyncSession], cipher: CredentialCipher, *, batch_size: int = 100
) -> RotationReport:
    """One transaction per batch, so a large table never holds long locks and an interrupted run keeps what
    it did. Rows are visited in id order once each: an unreadable row is reported, not retried forever."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = RotationReport(current_key_id=cipher.current_key_id)
    after: uuid.UUID | None = None
    while True:
        async with sessions() as session, session.begin():
            rows = await connections_sealed_with_other_keys(
                session, cipher.current_key_id, after=after, limit=batch_size
            )
            for row in rows:
                try:
                    sealed = cipher.rotate(
                        row.credential_ciphertext, row.credential_nonce, row.credential_key_id, row_id=str(row.id)
                    )
                except CredentialError as error:
                    log.warning("credential_not_rotated", connection_id=str(row.id), problem=str(error))
                    report.unreadable.append(row.id)
                    continue
                if await reseal_connection(
                    session, row.id, old_key_id=row.credential_key_id,
                    ciphertext=sealed.ciphertext, nonce=sealed.nonce, key_id=sealed.key_id,
                ):
                    report.rotated += 1
        if not rows:
            break
        after = rows[-1].id
    async with sessions() as session:
        report.key_ids = await key_id_counts(session)
    log.info(
        "credentials_rotated", rotated=report.rotated, unreadable=len(report.unreadable), key=report.current_key_id
    )
    return report
