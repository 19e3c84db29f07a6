"""`/api/admin/config`: admins read and replace the Jira allow-list (validated, canonical, audited); members cannot."""

from pathlib import Path

from api_harness import ApiHarness, api_settings, bearer, running_api
from jobs_api_helpers import sign_in
from sqlalchemy import select

from jiraex_shared.db import AuditEntry


async def test_admin_replaces_the_allow_list_in_canonical_form(api: ApiHarness) -> None:
    admin = bearer((await api.login())["token"])
    empty = await api.client.get("/api/admin/config", headers=admin)
    assert empty.status_code == 200
    assert empty.json() == {"jira_allowed_hosts": [], "jira_allowed_hosts_from_settings": []}
    entries = [" 127.0.0.1 ", "10.1.2.3/8", "Jira.Corp.", "127.0.0.1"]
    stored = await api.client.put("/api/admin/config", json={"jira_allowed_hosts": entries}, headers=admin)
    assert stored.status_code == 200, stored.text
    canonical = stored.json()["jira_allowed_hosts"]
    assert canonical == (await api.client.get("/api/admin/config", headers=admin)).json()["jira_allowed_hosts"]
    assert "10.0.0.0/8" in canonical and len(canonical) == 3
    async with api.deps.sessions() as session:
        audits = (await session.execute(select(AuditEntry).where(AuditEntry.action == "config_updated"))).scalars()
        [audit] = audits.all()
    assert audit.target_id == "jira_allowed_hosts" and audit.details == {"before": [], "after": canonical}


async def test_a_bad_entry_is_refused_and_nothing_changes(api: ApiHarness) -> None:
    admin = bearer((await api.login())["token"])
    await api.client.put("/api/admin/config", json={"jira_allowed_hosts": ["jira.corp"]}, headers=admin)
    refused = await api.client.put("/api/admin/config", json={"jira_allowed_hosts": ["10.0.0.1", "http://x/y"]},
                                   headers=admin)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert (await api.client.get("/api/admin/config", headers=admin)).json()["jira_allowed_hosts"] == ["jira.corp"]


async def test_members_and_anonymous_callers_are_refused(api: ApiHarness) -> None:
    member = await sign_in(api, "member@example.com")
    api.client.cookies.clear()
    assert (await api.client.get("/api/admin/config", headers=member.headers)).status_code == 403
    put = await api.client.put("/api/admin/config", json={"jira_allowed_hosts": ["0.0.0.0/0"]}, headers=member.headers)
    assert put.status_code == 403
    assert (await api.client.get("/api/admin/config")).status_code == 401


async def test_the_settings_entries_are_shown_read_only(tmp_path: Path) -> None:
    async with running_api(api_settings(str(tmp_path), jira_allowed_hosts="192.168.0.0/16")) as api:
        admin = bearer((await api.login())["token"])
        body = (await api.client.get("/api/admin/config", headers=admin)).json()
    assert body == {"jira_allowed_hosts": [], "jira_allowed_hosts_from_settings": ["192.168.0.0/16"]}
