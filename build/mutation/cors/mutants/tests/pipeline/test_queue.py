"""The queue built from settings: SQLite by default, signed Redis for scale-out; its settings."""
import pickle
import socket

import pytest

from svit_appliance.pipeline.queue import JobQueue, build_huey
from svit_appliance.settings import Settings, SettingsError
from svit_appliance.store.connect import open_database
from tests.conftest import require


@pytest.fixture
def settings(tmp_path):
    settings = Settings.load({}, data_dir=str(tmp_path))
    db = open_database(settings)
    yield settings
    db.close()


def test_it_keeps_the_doorbells_in_queue_db_with_synchronous_normal(settings):
    huey = build_huey(settings)
    JobQueue(huey, None).ring(["job_a", "job_b"])
    assert (settings.data_path / "queue.db").exists()
    assert huey.pending_count() == 1  # one doorbell for the batch, not one per job
    assert huey.storage.conn.execute("pragma synchronous").fetchone()[0] == 1  # NORMAL


def test_it_rings_one_doorbell_per_512_job_ids(settings):
    huey = build_huey(settings)
    JobQueue(huey, None).ring([f"job_{n}" for n in range(1025)])
    assert huey.pending_count() == 3


def test_it_refuses_an_unknown_queue_url_scheme(tmp_path):
    settings = Settings.load({"SVIT_QUEUE_URL": "amqp://rabbit/"}, data_dir=str(tmp_path))
    with pytest.raises(ValueError, match="Unsupported queue URL scheme 'amqp'"):
        build_huey(settings)


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def test_it_signs_redis_messages_and_refuses_forged_ones(settings):
    require(redis_reachable(), "Redis is not reachable on 127.0.0.1:6379")
    redis_settings = Settings.load({"SVIT_QUEUE_URL": "redis://127.0.0.1:6379/0"}, data_dir=settings.data_dir)
    huey = build_huey(redis_settings)
    try:
        assert huey.name.startswith("svit-")
        JobQueue(huey, None).ring(["job_a"])
        assert huey.dequeue().args == (["job_a"],)
        huey.storage.enqueue(pickle.dumps(("forged",)))
        with pytest.raises(ValueError, match="Separator"):
            huey.dequeue()
    finally:
        huey.storage.flush_queue()


@pytest.mark.parametrize("env, value", [
    ("SVIT_SERVE_WORKER", "sometimes"), ("SVIT_WORKER_THREADS", "0"), ("SVIT_JOB_MAX_ATTEMPTS", "-1"),
    ("SVIT_JOB_LEASE_SECONDS", "a minute"), ("SVIT_JOB_BACKOFF_SECONDS", "0"), ("SVIT_JOB_BACKOFF_SECONDS", "inf"),
    ("SVIT_SWEEPER_INTERVAL_SECONDS", "nan"),
])
def test_it_refuses_unusable_pipeline_settings(env, value):
    with pytest.raises(SettingsError, match=env):
        Settings.load({env: value})
