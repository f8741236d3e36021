"""A real Celery worker on Redis runs the nightly task against the test database."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reports.models import MetricsRun, RunStatus, SurveyMetricDay
from tests.reports.conftest import local

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def _worker_environment() -> dict:
    database = connection.settings_dict
    environment = dict(os.environ)
    # The worker must see this test's database, not the development one.
    environment["DATABASE_URL"] = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    )
    environment["REDIS_URL"] = settings.REDIS_URL
    return environment


@pytest.fixture
def worker():
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("celery")), "-A", "serviceculture", "worker", "--pool=solo",
         "--without-mingle", "--without-gossip", "--loglevel=WARNING"],
        cwd=ROOT,
        env=_worker_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_worker_runs_the_nightly_task_and_logs_the_run(kit, worker):
    from reports.tasks import compute_nightly_metrics

    kit.respond(at=local(2026, 5, 12, 9), satisfaction=5)
    compute_nightly_metrics.delay(True)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not MetricsRun.objects.filter(status=RunStatus.SUCCEEDED).exists():
        assert worker.poll() is None, worker.stdout.read().decode()
        time.sleep(0.5)
    run = MetricsRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert SurveyMetricDay.objects.get().responses == 1
