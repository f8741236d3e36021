"""Real Celery workers started with their own environment (a mail server, a short email lease), for tests
that kill one and start another. The `worker` fixture in tests/conftest.py is the simple case."""

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT, _worker_environment

# Mail settings for a worker that will be killed mid-send: a short lease so a test waits seconds, not
# minutes, and an SMTP timeout that outlasts the moment between the server stalling and the kill
# (settings insist on a lease of at least twice the timeout).
LEASE_SECONDS = 10
MAIL_SETTINGS = {"EMAIL_TIMEOUT": "5", "EMAIL_LEASE_SECONDS": str(LEASE_SECONDS)}


@contextmanager
def celery_worker(**environment: str) -> Iterator[subprocess.Popen]:
    """A solo-pool worker on this test's database and Redis, with `environment` on top; stopped on exit
    (if the test has not killed it already)."""
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("celery")), "-A", "serviceculture", "worker", "--pool=solo",
         "--without-mingle", "--without-gossip", "--loglevel=WARNING"],
        cwd=ROOT,
        env={**_worker_environment(), **environment},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def output(process: subprocess.Popen) -> str:
    """What a worker printed; only call it once the worker has ended."""
    return process.stdout.read().decode(errors="replace") if process.stdout else ""


def drop_unacknowledged(task_name: str) -> int:
    """Remove from Redis the messages of `task_name` that a killed worker took and never acknowledged.
    Redis would hand them out again after the visibility timeout (hours), into whatever test runs then."""
    import json

    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.REDIS_URL)
    dropped = 0
    for tag, payload in client.hgetall("unacked").items():
        if json.loads(payload)[0].get("headers", {}).get("task") == task_name:
            dropped += client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    return dropped


def wait_until(condition, *, seconds: float, worker: subprocess.Popen | None = None) -> bool:
    """Poll `condition` for up to `seconds`; fail at once, with its output, if `worker` stops."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if worker is not None and worker.poll() is not None:
            pytest.fail(f"the worker stopped:\n{output(worker)}")
        time.sleep(0.2)
    return bool(condition())
