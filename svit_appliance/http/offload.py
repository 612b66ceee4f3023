"""The one async entry for work that must not run on the event loop: SQL, file I/O, CPU whose cost
grows with the data (console pages, operations, exports, dry runs).

The event loop belongs to intake: a console search over a big table, an export or a dry run run
on these threads, so ``/healthz`` and the accept path keep answering meanwhile. Writes still take
turns on the database's write lock (``store.db.write_transaction``); reads run side by side.
"""
import asyncio
import contextvars
import functools
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, TypeVar

T = TypeVar("T")

DEFAULT_THREADS = 4


class Offload:
    """A small pool of threads that faces ``await``; each thread keeps its own database connection."""

    def __init__(self, threads: int = DEFAULT_THREADS, on_thread_exit: Callable[[], None] = lambda: None):
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="svit-offload")
        self._threads = threads
        self._on_thread_exit = on_thread_exit

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` on a pool thread; its result or its exception comes back here."""
        call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._pool, call)

    def close(self, timeout: float = 30.0) -> None:
        """Finish what runs, then let every thread close its connection: one exit per thread, each
        waiting at a barrier until all threads hold one (else one thread could take two)."""
        barrier = threading.Barrier(self._threads, timeout=timeout)

        def exit_once() -> None:
            barrier.wait()
            self._on_thread_exit()

        exits = [self._pool.submit(exit_once) for _ in range(self._threads)]
        for done in exits:
            done.result()
        self._pool.shutdown(wait=True)
