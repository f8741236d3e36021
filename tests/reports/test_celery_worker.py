"""A real Celery worker on Redis runs the nightly task against the test database."""

import pytest

from reports.models import MetricsRun, RunStatus, SurveyMetricDay
from tests.reports.conftest import local
from tests.servers import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_worker_runs_the_nightly_task_and_logs_the_run(kit, worker):
    from reports.tasks import compute_nightly_metrics

    kit.respond(at=local(2026, 5, 12, 9), satisfaction=5)
    compute_nightly_metrics.delay(True)

    succeeded = MetricsRun.objects.filter(status=RunStatus.SUCCEEDED)
    wait_until(succeeded.exists, seconds=60, what="the nightly run succeeded", process=worker)
    run = MetricsRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert SurveyMetricDay.objects.get().responses == 1
