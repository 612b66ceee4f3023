"""The in-memory moving windows answer exactly as limits' own storage, at a cost that does not grow with the limit."""
import asyncio
import random
import time

import limits
import pytest
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from svit_appliance.access.ratelimit import MemoryMovingWindows, limit_storage


class Clock:
    def __init__(self):
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(time, "time", clock)  # both storages read time.time()
    return clock


def run(coroutine):
    return asyncio.run(coroutine)


def test_it_is_the_storage_without_redis():
    assert isinstance(limit_storage(""), MemoryMovingWindows)


def test_it_refuses_past_the_limit_until_the_oldest_hit_leaves_the_window(clock):
    async def scenario():
        limiter, item = MovingWindowRateLimiter(MemoryMovingWindows()), limits.parse("3/minute")
        answers = []
        for step in (0, 10, 20, 30, 60, 61):
            clock.now += step - (answers and answers[-1][0] or 0)
            answers.append((step, await limiter.hit(item, "form-ip", "203.0.113.9")))
        stats = await limiter.get_window_stats(item, "form-ip", "203.0.113.9")
        return [ok for _, ok in answers], stats

    answers, stats = run(scenario())
    # hits at 0, 10, 20 fill the window; 30 is refused (and not counted); at 60 the hit of 0 has
    # left the window (it counts while at most 60 s old, so 60 is refused too); at 61 it has
    assert answers == [True, True, True, False, False, True]
    assert stats.remaining == 0 and stats.reset_time == pytest.approx(clock.now - 61 + 10 + 60)


def test_it_answers_as_limits_memory_storage_does(clock):
    async def answers(storage):
        random.seed(7)
        limiter = MovingWindowRateLimiter(storage)
        items = [limits.parse("5/minute"), limits.parse("2/second"), limits.parse("20/hour")]
        start, seen = clock.now, []
        for _ in range(600):
            clock.now += random.choice((0.0, 0.1, 0.4, 1.0, 7.0, 30.0))
            item, who = random.choice(items), random.choice(("a", "b"))
            allowed = await limiter.hit(item, "form-token", who)
            stats = await limiter.get_window_stats(item, "form-token", who)
            seen.append((allowed, stats.remaining, round(stats.reset_time, 6)))
        clock.now = start
        return seen

    assert run(answers(MemoryMovingWindows())) == run(answers(MemoryStorage()))


def test_it_forgets_a_cleared_key(clock):
    async def scenario():
        limiter, item = MovingWindowRateLimiter(MemoryMovingWindows()), limits.parse("1/hour")
        first = await limiter.hit(item, "signin-address", "198.51.100.7")
        second = await limiter.hit(item, "signin-address", "198.51.100.7")
        await limiter.clear(item, "signin-address", "198.51.100.7")
        return first, second, await limiter.hit(item, "signin-address", "198.51.100.7")

    assert run(scenario()) == (True, False, True)


def test_it_drops_idle_keys_so_many_addresses_do_not_grow_memory(clock):
    async def scenario():
        storage = MemoryMovingWindows()
        limiter, item = MovingWindowRateLimiter(storage), limits.parse("20/minute")
        for n in range(1000):
            await limiter.hit(item, "form-ip", f"10.0.{n // 256}.{n % 256}")
        clock.now += MemoryMovingWindows.SWEEP_SECONDS + 61
        await limiter.hit(item, "form-ip", "192.0.2.1")
        return len(storage._windows)

    assert run(scenario()) == 1


def test_a_hit_costs_the_same_with_a_large_window(clock):
    async def seconds_for(hits: int, storage) -> float:
        limiter, item = MovingWindowRateLimiter(storage), limits.parse("1000000/minute")
        for _ in range(20_000):  # a full window: 20,000 hits in the last minute
            clock.now += 0.001
            await limiter.hit(item, "form-token", "ctk_1")
        started = time.perf_counter()
        for _ in range(hits):
            clock.now += 0.001
            await limiter.hit(item, "form-token", "ctk_1")
        return (time.perf_counter() - started) / hits

    assert run(seconds_for(2000, MemoryMovingWindows())) < 50e-6
