"""Two runs started at the same moment on PostgreSQL: exactly one works, the other is logged as skipped."""

import threading

import pytest
from django.db import connection

from reports.models import MetricsRun, RunStatus
from reports.services import compute_metrics
from reports.services import runs as runs_module
from tests.reports.conftest import local

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_runs_never_overlap(kit, monkeypatch):
    kit.respond(at=local(2026, 5, 12, 9), satisfaction=5)
    both_inside = threading.Barrier(2, timeout=10)
    real_acquire = runs_module.acquire_lock

    def acquire_together(holder):
        both_inside.wait()  # both runs reach the lock at the same moment
        return real_acquire(holder)

    loser_done = threading.Event()
    real_execute = runs_module._execute

    def execute_after_the_loser_gave_up(*args, **kwargs):
        loser_done.wait(timeout=10)  # the winner holds the lock until the other run has been turned away
        return real_execute(*args, **kwargs)

    monkeypatch.setattr(runs_module, "acquire_lock", acquire_together)
    monkeypatch.setattr(runs_module, "_execute", execute_after_the_loser_gave_up)
    errors = []

    def run():
        try:
            if compute_metrics(full=True).status == RunStatus.SKIPPED:
                loser_done.set()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(MetricsRun.objects.values_list("status", flat=True)) == [RunStatus.SKIPPED, RunStatus.SUCCEEDED]
