"""Moving-window rate limits, for the contact form's posts and the console's sign-in tries.

Counts live in memory, or in Redis when ``SVIT_QUEUE_URL`` is ``redis://`` so that every process
of a scaled-out installation shares them.
"""
import functools
import time
from collections import deque

import limits
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

REDIS_KEY_PREFIX = "svit-limits"


@functools.lru_cache(maxsize=256)  # a token's own limit is read on every post
def rate_item(text: str):
    """A ``limits`` item for ``30/minute``-style text; None for ``off``."""
    return None if text == "off" else limits.parse(text)


class MemoryMovingWindows(MemoryStorage):
    """limits' in-memory storage with moving windows that cost the same at any limit.

    limits' own moving window inserts every hit at the front of a list (a copy of the whole
    window per hit: 60,000 entries at 1,000 posts a minute) and, after each hit, hands a bisect
    per key to a thread to expire old entries. Here each key keeps its hit times oldest first in
    a deque: a hit drops the expired ones from the front and appends; keys nobody hit for a while
    are dropped every ``SWEEP_SECONDS``. Same answers: a hit is refused while ``limit`` hits
    fall within the last ``expiry`` seconds, and refused hits are not counted.
    """

    SWEEP_SECONDS = 60.0

    def __init__(self):
        super().__init__()
        self._windows: dict[str, tuple[float, deque]] = {}  # key -> (expiry, hit times oldest first)
        self._swept_at = time.time()

    async def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        now = time.time()
        self._sweep(now)
        window = self._windows.get(key)
        if window is None:
            window = self._windows[key] = (expiry, deque())
        hits = _expire(window[1], now - expiry)
        if amount > limit or len(hits) + amount > limit:
            return False
        hits.extend([now] * amount)
        return True

    async def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        """(time of the oldest hit in the window, hits in the window); (now, 0) for none. As in
        limits, a hit exactly ``expiry`` seconds old still refuses a hit but is not counted here."""
        now = time.time()
        window = self._windows.get(key)
        hits = _expire(window[1], now - expiry) if window else ()
        on_edge = 0
        while on_edge < len(hits) and hits[on_edge] == now - expiry:
            on_edge += 1
        return (hits[on_edge], len(hits) - on_edge) if len(hits) > on_edge else (now, 0)

    async def clear(self, key: str) -> None:
        self._windows.pop(key, None)

    async def reset(self) -> int | None:
        count = len(self._windows)
        self._windows.clear()
        return count

    def _sweep(self, now: float) -> None:
        if now - self._swept_at < self.SWEEP_SECONDS:
            return
        self._swept_at = now
        for key, (expiry, hits) in list(self._windows.items()):
            if not _expire(hits, now - expiry):
                del self._windows[key]


def _expire(hits: deque, cutoff: float) -> deque:
    while hits and hits[0] < cutoff:
        hits.popleft()
    return hits


def limit_storage(queue_url: str):
    if queue_url.startswith(("redis://", "rediss://")):
        return storage_from_string("async+" + queue_url, implementation="redispy", key_prefix=REDIS_KEY_PREFIX)
    return MemoryMovingWindows()


def moving_window_limiter(queue_url: str) -> MovingWindowRateLimiter:
    """A limiter counting hits in a moving window, in Redis for a ``redis://`` queue URL, else in memory."""
    return MovingWindowRateLimiter(limit_storage(queue_url))
