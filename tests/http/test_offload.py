"""The offload pool: work runs off the event loop, results and errors come back, every thread cleans up."""
import asyncio
import threading

import pytest

from svit_appliance.http.offload import Offload


def test_it_runs_work_on_another_thread_while_the_loop_keeps_going():
    offload = Offload(2)
    release = threading.Event()

    async def scenario():
        loop_thread = threading.get_ident()
        blocked = asyncio.ensure_future(offload.run(lambda: (release.wait(10), threading.get_ident())[1]))
        ticks = 0
        while ticks < 3:  # the loop answers while the work waits
            await asyncio.sleep(0)
            ticks += 1
        assert not blocked.done()
        release.set()
        worker_thread = await blocked
        assert worker_thread != loop_thread

    try:
        asyncio.run(scenario())
    finally:
        offload.close()


def test_it_brings_the_work_s_exception_back_to_the_caller():
    offload = Offload(1)

    async def scenario():
        with pytest.raises(ValueError, match="bad row"):
            await offload.run(lambda: (_ for _ in ()).throw(ValueError("bad row")))

    try:
        asyncio.run(scenario())
    finally:
        offload.close()


def test_it_lets_every_thread_clean_up_once_when_closed():
    cleaned = []
    offload = Offload(3, on_thread_exit=lambda: cleaned.append(threading.get_ident()))

    async def scenario():
        await asyncio.gather(*(offload.run(lambda: None) for _ in range(5)))

    asyncio.run(scenario())
    offload.close()
    assert len(cleaned) == 3 and len(set(cleaned)) == 3
