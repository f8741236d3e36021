"""A real Celery worker on Redis runs the daily follow-up task against the test database."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.servers import wait_until
from training.models import Commitment

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_worker_sends_the_due_follow_up_reminders(org, version, worker):
    from training.tasks import send_commitment_follow_ups

    org.water_worker.work_email = "walter@example.gov"
    org.water_worker.save()
    due = Commitment.objects.create(
        employee=org.water_worker, module_version=version, text="Greet first", follow_up_on=timezone.localdate()
    )
    later = Commitment.objects.create(
        employee=org.water_worker,
        module_version=version,
        text="Call back",
        follow_up_on=timezone.localdate() + timedelta(days=5),
    )
    send_commitment_follow_ups.delay()

    # The email goes to the worker process's own mail backend; what this test sees is the claim it records.
    reminded = Commitment.objects.filter(pk=due.pk, reminder_sent_at__isnull=False)
    wait_until(reminded.exists, seconds=60, what="the due reminder was sent", process=worker)
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.reminder_sent_at is not None
    assert later.reminder_sent_at is None
