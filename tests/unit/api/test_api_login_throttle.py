"""The in-memory login throttle: per account and per address, windows that end on their own."""

from api_harness import Monotonic
from redis.exceptions import ConnectionError as RedisConnectionError

from jiraex_api.services.login_throttle import MemoryLoginThrottle, ThrottlePolicy
from jiraex_api.services.throttle_fallback import FallbackLoginThrottle

POLICY = ThrottlePolicy(account_failures=3, address_failures=5, window_seconds=60)


async def test_account_blocks_after_its_limit_and_the_window_ends() -> None:
    clock = Monotonic()
    throttle = MemoryLoginThrottle(POLICY, clock=clock)
    for _ in range(3):
        assert await throttle.blocked_for("a@x.io", "1.1.1.1") == 0
        await throttle.record_failure("a@x.io", "1.1.1.1")
    assert await throttle.blocked_for("a@x.io", "2.2.2.2") == 60
    clock.seconds += 61
    assert await throttle.blocked_for("a@x.io", "2.2.2.2") == 0


async def test_address_blocks_across_accounts_and_success_clears_only_the_account() -> None:
    throttle = MemoryLoginThrottle(POLICY, clock=Monotonic())
    for index in range(5):
        await throttle.record_failure(f"user{index}@x.io", "1.1.1.1")
    assert await throttle.blocked_for("fresh@x.io", "1.1.1.1") > 0
    assert await throttle.blocked_for("fresh@x.io", "9.9.9.9") == 0
    await throttle.record_success("user0@x.io", "1.1.1.1")
    assert await throttle.blocked_for("user0@x.io", "9.9.9.9") == 0
    assert await throttle.blocked_for("fresh@x.io", "1.1.1.1") > 0


class UnreachableRedisThrottle:
    """A shared throttle whose Redis is down: every call fails the way redis-py does."""

    async def blocked_for(self, email: str, address: str) -> int:
        raise RedisConnectionError("Connection refused")

    async def record_failure(self, email: str, address: str) -> None:
        raise RedisConnectionError("Connection refused")

    async def record_success(self, email: str, address: str) -> None:
        raise RedisConnectionError("Connection refused")


async def test_a_redis_outage_falls_back_to_local_counters() -> None:
    throttle = FallbackLoginThrottle(UnreachableRedisThrottle(), MemoryLoginThrottle(POLICY, clock=Monotonic()))
    for _ in range(3):
        assert await throttle.blocked_for("a@x.io", "1.1.1.1") == 0
        await throttle.record_failure("a@x.io", "1.1.1.1")
    assert await throttle.blocked_for("a@x.io", "1.1.1.1") == 60
