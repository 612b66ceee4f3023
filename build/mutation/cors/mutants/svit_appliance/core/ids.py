"""Opaque, prefixed, time-sortable identifiers (``job_01jd...``)."""
import secrets
import threading
import time

_RANDOM_BITS = 80


class _MonotonicClock:
    """ULID-style: ids made in the same millisecond by one process still sort in creation order."""

    def __init__(self):
        self._lock = threading.Lock()
        self._last = (0, 0)

    def next(self) -> tuple[int, int]:
        millis = time.time_ns() // 1_000_000
        with self._lock:
            last_millis, last_random = self._last
            if millis <= last_millis and last_random + 1 < 2**_RANDOM_BITS:
                self._last = (last_millis, last_random + 1)
            else:
                self._last = (millis, secrets.randbits(_RANDOM_BITS - 1))
            return self._last


_clock = _MonotonicClock()


def new_id(prefix: str) -> str:
    """48 bits of milliseconds then 80 random bits (incremented within a millisecond), in
    fixed-width lower-case hex: cheap to make, and the text sorts like the number."""
    millis, random_part = _clock.next()
    return f"{prefix}_{millis << _RANDOM_BITS | random_part:032x}"
