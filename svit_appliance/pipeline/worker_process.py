"""``svit serve --worker-process``: the job worker (and delivery) as a child ``svit worker``.

In one process the worker's Python work and the accept path take turns on one interpreter lock;
a child process gives each its own, still from one command and one binary. The child runs on the
same data directory and environment, is started again when it exits unasked (after a pause that
grows while it keeps failing), and is stopped with the server: SIGTERM lets it finish the jobs in
hand, whatever it leaves is swept on the next start, as after any worker stop. A server killed
outright leaves no orphan: the child sees its parent gone and stops by itself.
"""
import logging
import os
import signal
import subprocess
import sys
import threading
import time

from ..settings import Settings

log = logging.getLogger("svit.worker")

PARENT_PID_ENV = "SVIT_WORKER_PARENT_PID"  # the child stops when this process is gone (not a setting)
SHUTDOWN_TIMEOUT = 30.0  # as the in-process worker's: time to finish the jobs in hand
FIRST_RESTART_PAUSE = 1.0
LONGEST_RESTART_PAUSE = 60.0
STEADY_SECONDS = 60.0  # a child that ran this long was healthy: the next restart pause starts small again


def worker_command(settings: Settings) -> list[str]:
    """``svit worker`` from the same binary (frozen) or the same interpreter and package."""
    program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "svit_appliance"]
    return [*program, "worker", "--data-dir", str(settings.data_path)]


class WorkerProcess:
    """Starts, restarts and stops the child worker from a supervising thread."""

    def __init__(self, settings: Settings):
        self.command = worker_command(settings)
        self.process: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._supervise, name="svit-worker-process", daemon=True)

    def start(self) -> None:
        self._launch()
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            process = self.process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(SHUTDOWN_TIMEOUT)
            except subprocess.TimeoutExpired:
                log.warning("worker process %d did not stop in %.0f s: killed", process.pid, SHUTDOWN_TIMEOUT)
                process.kill()
                process.wait()
        self._thread.join(SHUTDOWN_TIMEOUT)

    def _launch(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            # the child's stdout and stderr are the server's: its log lines go where the server's go
            self.process = subprocess.Popen(self.command, env={**os.environ, PARENT_PID_ENV: str(os.getpid())})
        log.info("worker process %d started", self.process.pid)

    def _supervise(self) -> None:
        pause = FIRST_RESTART_PAUSE
        while not self._stopping.is_set():
            started = time.monotonic()
            code = self.process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= STEADY_SECONDS:
                pause = FIRST_RESTART_PAUSE
            log.error("worker process %d exited with %s; starting it again in %.0f s", self.process.pid, code, pause)
            if self._stopping.wait(pause):
                return
            pause = min(pause * 2, LONGEST_RESTART_PAUSE)
            self._launch()


def parent_gone() -> bool:
    """In a child worker: the ``svit serve`` that started it is no longer its parent."""
    parent = os.environ.get(PARENT_PID_ENV)
    return bool(parent) and os.getppid() != int(parent)
