"""Authentication and account changes leave rows in `audit_log` (ASVS 16.3.1), never the secrets involved."""

from api_harness import MEMBER_PASSWORD, ApiHarness, bearer
from sqlalchemy import select

from jiraex_shared.db import AuditEntry


async def test_account_events_are_audited(api: ApiHarness) -> None:
    login = await api.login()
    admin, admin_id = login["token"], login["user"]["id"]
    await api.client.post("/api/auth/login", json={"email": "ghost@example.com", "password": MEMBER_PASSWORD})
    user_id = await api.add_user("audited@example.com")
    await api.client.patch(f"/api/users/{user_id}", json={"role": "admin"}, headers=bearer(admin))
    await api.client.delete(f"/api/users/{user_id}", headers=bearer(admin))
    await api.client.post("/api/auth/logout", headers=bearer(admin))
    async with api.deps.sessions() as session:
        rows = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    events = [(row.action, str(row.actor_id) if row.actor_id else None) for row in rows]
    assert events == [
        ("first_admin_created", None),
        ("login", admin_id),
        ("login_failed", None),
        ("user_updated", admin_id),
        ("user_deleted", admin_id),
        ("logout", admin_id),
    ]
    assert rows[3].target_id == user_id and rows[3].details == {"role": "admin", "active": True}
    assert all(MEMBER_PASSWORD not in str(row.details) and admin not in str(row.details) for row in rows)
