"""The tick on a real database (SQLite and PostgreSQL): launches, catch-up, counting, pausing, run-now, the reaper."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sched_helpers import World, scheduler_world

from jiraex_shared.bus import InProcessCommandBus
from jiraex_shared.contracts import ExportRequested, Message
from jiraex_shared.db.repositories.schedule_claims import ScheduleNotFound, get_schedule
from jiraex_shared.jobs.reaper import reap_once
from jiraex_shared.scheduling import (
    count_finished_runs,
    launch_due_runs,
    resume_schedule,
    run_schedule_now,
    run_tick,
)

NINE = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def database_url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


async def drained(world: World) -> None:
    async with asyncio.timeout(10):
        await world.bus.drain()


async def test_a_due_schedule_launches_one_run_and_moves_next_run_at(database_url: str, tmp_path: Path) -> None:
    async with scheduler_world(database_url, tmp_path, now=NINE + HOUR + timedelta(seconds=20)) as world:
        schedule = await world.add_schedule(next_run_at=NINE + HOUR, recipients=["team@example.com"])
        fresh = await world.add_schedule(name="new one")  # next_run_at never computed
        launched = await launch_due_runs(world.deps)
        assert (launched.created, launched.already_taken) == (1, 0)
        # A second tick at the same moment, or a restart, finds nothing more to do.
        assert (await launch_due_runs(world.deps)).created == 0
        await drained(world)
        [job] = await world.jobs(schedule.id)
        assert (job.state, job.planned_run_at, job.name, job.owner_id) == ("queued", NINE + HOUR, "nightly",
                                                                             world.owner_id)
        assert job.spec["jql"] == "project = ALPHA ORDER BY key ASC"
        [request] = world.requests()
        assert request.job_id == str(job.id) and request.schedule_id == str(schedule.id)
        assert request.requested_by == str(world.owner_id)
        assert (await world.schedule(schedule.id)).next_run_at == NINE + 2 * HOUR
        # A new schedule starts at its next slot instead of firing for the moment it was saved.
        assert (await world.schedule(fresh.id)).next_run_at == NINE + 2 * HOUR
        assert await world.jobs(fresh.id) == []


@pytest.mark.parametrize(("policy", "expected"), [("latest", [5]), ("none", []), ("all", [1, 2, 3, 4, 5])])
async def test_catch_up_after_downtime(database_url: str, tmp_path: Path, policy: str, expected: list[int]) -> None:
    # Down from 10:00 to 14:10: the 10:00 … 14:00 slots (five) were missed.
    async with scheduler_world(database_url, tmp_path, now=NINE + 5 * HOUR + timedelta(minutes=10)) as world:
        schedule = await world.add_schedule(next_run_at=NINE + HOUR, catch_up=policy)
        await launch_due_runs(world.deps)
        planned = [job.planned_run_at for job in await world.jobs(schedule.id)]
        assert planned == [NINE + n * HOUR for n in expected]
        assert (await world.schedule(schedule.id)).next_run_at == NINE + 6 * HOUR


async def test_disabled_paused_and_future_schedules_do_not_fire(database_url: str, tmp_path: Path) -> None:
    async with scheduler_world(database_url, tmp_path, now=NINE + HOUR) as world:
        await world.add_schedule(next_run_at=NINE, enabled=False)
        await world.add_schedule(next_run_at=NINE, paused_reason="paused after 5 failed runs in a row")
        await world.add_schedule(next_run_at=NINE + 2 * HOUR)
        assert (await launch_due_runs(world.deps)).created == 0
        assert await world.jobs() == []


async def test_an_invalid_schedule_is_paused_with_the_reason(database_url: str, tmp_path: Path) -> None:
    async with scheduler_world(database_url, tmp_path, now=NINE + HOUR) as world:
        bad_zone = await world.add_schedule(next_run_at=NINE, timezone="Mars/Olympus")
        bad_spec = await world.add_schedule(next_run_at=NINE, spec={"formats": ["json"]})
        good = await world.add_schedule(next_run_at=NINE)
        assert (await launch_due_runs(world.deps)).created == 1
        assert "unknown time zone" in ((await world.schedule(bad_zone.id)).paused_reason or "")
        assert "export spec is invalid" in ((await world.schedule(bad_spec.id)).paused_reason or "")
        assert len(await world.jobs(good.id)) == 1


async def test_failures_in_a_row_pause_the_schedule_and_mail_its_owner(database_url: str, tmp_path: Path) -> None:
    env = {"JIRA_EXTRACTOR_SCHEDULER_FAILURE_LIMIT": "3"}
    async with scheduler_world(database_url, tmp_path, now=NINE, env=env) as world:
        schedule = await world.add_schedule(next_run_at=NINE)
        for n in range(3):
            world.clock.now = NINE + n * HOUR
            await run_tick(world.deps)
            [*_, job] = await world.jobs(schedule.id)
            await world.finish(job.id, "failed", f"Error in the JQL Query (run {n})")
        world.clock.now = NINE + 2 * HOUR + timedelta(minutes=1)
        await run_tick(world.deps)
        await drained(world)
        stored = await world.schedule(schedule.id)
        assert stored.enabled is True
        assert stored.consecutive_failures == 3
        assert stored.paused_reason == "paused after 3 failed runs in a row; last error: Error in the JQL Query (run 2)"
        [mail] = world.mails()
        assert (mail.template, mail.to) == ("schedule_paused", world.owner_email)
        assert mail.params["schedule_url"] == f"https://exports.example.com/schedules/{schedule.id}"
        assert mail.params["consecutive_failures"] == "3"
        # Paused: no more runs, and counting again mails nobody twice.
        world.clock.now = NINE + 6 * HOUR
        await run_tick(world.deps)
        await drained(world)
        assert len(await world.jobs(schedule.id)) == 3
        assert len(world.mails()) == 1


async def test_a_success_resets_the_streak_and_sets_the_incremental_cutoff(database_url: str, tmp_path: Path) -> None:
    async with scheduler_world(database_url, tmp_path, now=NINE) as world:
        schedule = await world.add_schedule(next_run_at=NINE, incremental=True, lookback_seconds=600)
        await run_tick(world.deps)
        [first] = await world.jobs(schedule.id)
        assert first.spec["jql"] == "project = ALPHA ORDER BY key ASC"  # no success yet: a full export
        await world.finish(first.id, "failed", "boom")
        world.clock.now = NINE + HOUR
        await run_tick(world.deps)
        [_, second] = await world.jobs(schedule.id)
        await world.finish(second.id, "succeeded")
        world.clock.now = NINE + 2 * HOUR
        await run_tick(world.deps)
        stored = await world.schedule(schedule.id)
        assert (stored.consecutive_failures, stored.last_success_started_at, stored.last_run_at) == (
            0, NINE + HOUR, NINE + HOUR)
        [*_, third] = await world.jobs(schedule.id)
        cutoff = int((NINE + HOUR - timedelta(minutes=10)).timestamp() * 1000)
        assert third.spec["jql"] == f"(project = ALPHA) AND updated >= {cutoff} ORDER BY key ASC"


async def test_runs_are_counted_in_planned_order_once(database_url: str, tmp_path: Path) -> None:
    async with scheduler_world(database_url, tmp_path, now=NINE + 2 * HOUR) as world:
        schedule = await world.add_schedule(next_run_at=NINE, catch_up="all")
        await launch_due_runs(world.deps)
        first, second, third = await world.jobs(schedule.id)
        # The later runs end first: nothing is counted while the earliest is still live.
        await world.finish(second.id, "failed", "x")
        await world.finish(third.id, "succeeded")
        await count_finished_runs(world.deps)
        assert (await world.schedule(schedule.id)).last_run_at is None
        await world.finish(first.id, "failed", "y")
        await count_finished_runs(world.deps)
        await count_finished_runs(world.deps)  # again: nothing counts twice
        stored = await world.schedule(schedule.id)
        assert (stored.last_run_at, stored.consecutive_failures, stored.last_success_started_at) == (
            NINE + 2 * HOUR, 0, NINE + 2 * HOUR)


async def test_run_now_creates_a_job_immediately(database_url: str, tmp_path: Path) -> None:
    async with scheduler_world(database_url, tmp_path, now=NINE) as world:
        schedule = await world.add_schedule(next_run_at=NINE + 5 * HOUR, paused_reason="paused after 5 failed runs")
        job_id = await run_schedule_now(world.deps.sessions, world.deps.bus, schedule.id, now=NINE + timedelta(1))
        await drained(world)
        [job] = await world.jobs(schedule.id)
        assert (job.id, job.planned_run_at, job.state) == (job_id, NINE + timedelta(1), "queued")
        assert [request.job_id for request in world.requests()] == [str(job_id)]
        with pytest.raises(ScheduleNotFound):
            await run_schedule_now(world.deps.sessions, world.deps.bus, job_id)


async def test_a_publish_lost_after_commit_is_republished_by_the_reaper(database_url: str, tmp_path: Path) -> None:
    def broken_bus(published: list[Message]) -> InProcessCommandBus:
        async def record(message: Message) -> None:
            published.append(message)

        return InProcessCommandBus({ExportRequested: record})

    async with scheduler_world(database_url, tmp_path, now=NINE, bus_factory=broken_bus) as world:
        schedule = await world.add_schedule(next_run_at=NINE)
        lost = InProcessCommandBus()  # no handler: every publish raises, as a broker outage would
        deps = type(world.deps)(settings=world.deps.settings, sessions=world.sessions, bus=lost,
                                store=world.deps.store, clock=world.clock)
        assert (await launch_due_runs(deps)).created == 1  # committed, then the publish failed
        [job] = await world.jobs(schedule.id)
        assert job.state == "queued"
        reaped = await reap_once(world.sessions, world.bus, idle_after=timedelta(0))
        await drained(world)
        assert reaped.requests == 1
        assert [request.job_id for request in world.requests()] == [str(job.id)]


async def test_a_live_run_of_one_schedule_does_not_hold_back_another(database_url: str, tmp_path: Path) -> None:
    async with scheduler_world(database_url, tmp_path, now=NINE + HOUR) as world:
        slow = await world.add_schedule(name="slow", next_run_at=NINE, catch_up="all")
        quick = await world.add_schedule(name="quick", next_run_at=NINE + HOUR)
        await launch_due_runs(world.deps)
        [quick_job] = await world.jobs(quick.id)
        # Still live, and planned earlier (09:00) than the quick schedule's run (10:00).
        assert [job.state for job in await world.jobs(slow.id)] == ["queued", "queued"]
        await world.finish(quick_job.id, "succeeded")
        await count_finished_runs(world.deps)
        assert (await world.schedule(quick.id)).last_success_started_at == NINE + HOUR
        assert (await world.schedule(slow.id)).last_run_at is None


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        # Spring forward: 02:30 does not exist that day; the run happens once, at 03:30 EDT (07:30 UTC).
        ("America/New_York", datetime(2026, 3, 8, tzinfo=UTC), [datetime(2026, 3, 8, 7, 30, tzinfo=UTC)]),
        # Fall back in Berlin: 02:30 happens twice; only the first (CEST, 00:30 UTC) runs.
        ("Europe/Berlin", datetime(2026, 10, 25, tzinfo=UTC), [datetime(2026, 10, 25, 0, 30, tzinfo=UTC)]),
    ],
)
async def test_ticking_through_a_dst_transition_runs_a_daily_slot_once(
    database_url: str, tmp_path: Path, zone: str, day: datetime, expected: list[datetime]
) -> None:
    async with scheduler_world(database_url, tmp_path, now=day - timedelta(hours=6)) as world:
        schedule = await world.add_schedule(cron="30 2 * * *", timezone=zone)
        for _ in range(2 * 24):  # a tick every 30 minutes from the evening before to the evening of the day
            await launch_due_runs(world.deps)
            world.clock.now += timedelta(minutes=30)
        assert [job.planned_run_at for job in await world.jobs(schedule.id)] == expected


async def test_a_slot_seen_again_after_a_lost_update_creates_no_second_run(database_url: str, tmp_path: Path) -> None:
    # As if a replica's next_run_at write were lost (a restored backup, an operator's edit): the same slot comes
    # due again, and the unique (schedule, planned run) pair turns it into "already taken", with nothing published.
    async with scheduler_world(database_url, tmp_path, now=NINE + timedelta(seconds=5)) as world:
        schedule = await world.add_schedule(next_run_at=NINE)
        assert (await launch_due_runs(world.deps)).created == 1
        async with world.sessions.begin() as session:
            stored = await session.get(type(schedule), schedule.id)
            assert stored is not None
            stored.next_run_at = NINE
        again = await launch_due_runs(world.deps)
        await drained(world)
        assert (again.created, again.already_taken) == (0, 1)
        assert len(await world.jobs(schedule.id)) == 1
        assert len(world.requests()) == 1
        assert (await world.schedule(schedule.id)).next_run_at == NINE + HOUR


async def test_a_resumed_schedule_starts_afresh_at_its_next_slot(database_url: str, tmp_path: Path) -> None:
    env = {"JIRA_EXTRACTOR_SCHEDULER_FAILURE_LIMIT": "1"}
    async with scheduler_world(database_url, tmp_path, now=NINE, env=env) as world:
        schedule = await world.add_schedule(next_run_at=NINE)
        await run_tick(world.deps)
        [job] = await world.jobs(schedule.id)
        await world.finish(job.id, "failed", "boom")
        world.clock.now = NINE + 5 * HOUR + timedelta(minutes=7)
        await run_tick(world.deps)
        assert (await world.schedule(schedule.id)).paused_reason is not None
        async with world.sessions.begin() as session:
            await resume_schedule(session, await get_schedule(session, schedule.id, lock=True), now=world.clock.now)
        await run_tick(world.deps)  # the old failure is not counted again, and no backlog fires
        stored = await world.schedule(schedule.id)
        assert (stored.paused_reason, stored.consecutive_failures, stored.next_run_at) == (None, 0, NINE + 6 * HOUR)
        world.clock.now = NINE + 6 * HOUR
        await run_tick(world.deps)
        assert [job.planned_run_at for job in await world.jobs(schedule.id)] == [NINE, NINE + 6 * HOUR]
