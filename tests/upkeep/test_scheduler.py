"""The one scheduler: named jobs at their intervals, failures visible and survived, no job twice at once."""
import threading

import pytest

from svit_appliance.upkeep.scheduler import Scheduler

WAIT = 10.0


@pytest.fixture
def scheduler():
    scheduler = Scheduler()
    yield scheduler
    scheduler.stop(timeout=WAIT)


def test_it_runs_each_job_again_after_its_interval(scheduler):
    three_runs = threading.Event()
    runs = []

    def work(run):
        runs.append(1)
        if len(runs) == 3:
            three_runs.set()

    scheduler.add("tick", 0.01, work, first_delay=0)
    scheduler.start()
    assert three_runs.wait(WAIT)
    job = scheduler.job("tick")
    assert job.runs >= 3 and job.last_started is not None and job.last_duration is not None


def test_it_keeps_the_last_error_and_runs_the_job_again(scheduler):
    second = threading.Event()
    calls = []

    def work(run):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk full")
        second.set()
        return "ok"

    scheduler.add("flaky", 0.01, work, first_delay=0)
    scheduler.start()
    assert second.wait(WAIT)
    job = scheduler.job("flaky")
    assert job.failures == 1
    wait_until(lambda: job.last_error is None and job.last_result == "ok")


def test_it_records_the_error_of_the_run_that_failed(scheduler):
    failed = threading.Event()

    def work(run):
        failed.set()
        raise ValueError("no such bucket")

    scheduler.add("broken", 3600, work, first_delay=0)
    scheduler.start()
    assert failed.wait(WAIT)
    job = scheduler.job("broken")
    wait_until(lambda: job.runs == 1)
    assert job.last_error == "ValueError: no such bucket" and job.failures == 1


def test_it_never_runs_a_job_twice_at_once_and_a_slow_job_holds_up_no_other(scheduler):
    release, slow_started, fast_ran = threading.Event(), threading.Event(), threading.Event()
    concurrent = []

    def slow(run):
        concurrent.append(1)
        assert len(concurrent) == 1, "the slow job started while it was running"
        slow_started.set()
        release.wait(WAIT)
        concurrent.pop()

    fast_runs = []

    def fast(run):
        fast_runs.append(1)
        if len(fast_runs) >= 5:
            fast_ran.set()

    scheduler.add("slow", 0, slow, first_delay=0)
    scheduler.add("fast", 0.001, fast, first_delay=0)
    scheduler.start()
    assert slow_started.wait(WAIT)
    assert fast_ran.wait(WAIT), "the fast job waited for the slow one"
    assert scheduler.job("slow").running and scheduler.job("slow").runs == 0
    release.set()


def test_it_tells_a_running_job_to_stop_and_waits_for_it():
    scheduler = Scheduler()
    started, ended = threading.Event(), threading.Event()

    def long_job(run):
        started.set()
        try:
            while True:
                run.pause(0.01)
        finally:
            ended.set()

    scheduler.add("long", 3600, long_job, first_delay=0)
    scheduler.start()
    assert started.wait(WAIT)
    scheduler.stop(timeout=WAIT)
    assert ended.is_set()
    assert scheduler.job("long").last_error is None  # stopping is not a failure


def test_it_asks_a_job_for_its_next_delay_after_each_run(scheduler):
    delays = iter([0.0, 3600.0])  # after the first run: again at once; after the second: in an hour
    asked = []

    def every():
        asked.append(1)
        return next(delays)

    scheduler.add("counted", every, lambda run: None, first_delay=0)
    scheduler.start()
    job = scheduler.job("counted")
    wait_until(lambda: job.runs == 2 and len(asked) == 2)


def test_it_runs_a_job_now_when_asked(scheduler):
    ran = threading.Event()
    scheduler.add("later", 3600, lambda run: ran.set())
    scheduler.start()
    scheduler.run_now("later")
    assert ran.wait(WAIT)


def test_it_refuses_two_jobs_of_one_name(scheduler):
    scheduler.add("backup", 60, lambda run: None)
    with pytest.raises(ValueError, match="backup"):
        scheduler.add("backup", 60, lambda run: None)


def test_it_cleans_up_on_the_job_thread_after_every_run():
    threads, cleaned = [], threading.Event()
    scheduler = Scheduler(after_run=lambda: (threads.append(threading.current_thread().name), cleaned.set()))
    scheduler.add("one", 3600, lambda run: threads.append(threading.current_thread().name), first_delay=0)
    scheduler.start()
    assert cleaned.wait(WAIT)
    scheduler.stop(timeout=WAIT)
    assert len(threads) == 2 and threads[0] == threads[1] and threads[0].startswith("svit-job")


def wait_until(condition, timeout: float = WAIT) -> None:
    """Polls state the scheduler sets right after it calls back (runs, errors): no fixed sleep."""
    done = threading.Event()
    deadline = threading.Timer(timeout, done.set)
    deadline.start()
    try:
        while not condition():
            assert not done.wait(0.005), "condition not met in time"
    finally:
        deadline.cancel()
