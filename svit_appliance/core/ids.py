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

    def take(self, count: int) -> tuple[int, int]:
        """The first of ``count`` values in a row; the others follow it by one each."""
        millis = time.time_ns() // 1_000_000
        with self._lock:
            last_millis, last_random = self._last
            if millis <= last_millis and last_random + count < 2**_RANDOM_BITS:
                first = (last_millis, last_random + 1)
            else:
                first = (millis, secrets.randbits(_RANDOM_BITS - 1))
            self._last = (first[0], first[1] + count - 1)
            return first


_clock = _MonotonicClock()


def new_id(prefix: str) -> str:
    """48 bits of milliseconds then 80 random bits (incremented within a millisecond), in
    fixed-width lower-case hex: cheap to make, and the text sorts like the number."""
    millis, random_part = _clock.take(1)
    return f"{prefix}_{millis << _RANDOM_BITS | random_part:032x}"


def new_ids(prefix: str, count: int) -> list[str]:
    """``count`` ids in the order ``new_id`` would make them, for about a tenth of the cost each
    (one turn of the clock for all; a batch write makes three per row)."""
    millis, random_part = _clock.take(count)
    first = millis << _RANDOM_BITS | random_part
    return [f"{prefix}_{value:032x}" for value in range(first, first + count)]
