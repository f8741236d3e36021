"""Two follow-up runs at the same moment (two beat schedulers, a retried task) send one email each."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from training.models import Commitment
from training.services.commitments import send_follow_up_reminders

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_runs_send_each_reminder_once(org, version):
    org.water_worker.work_email = "walter@example.gov"
    org.water_worker.save()
    for number in range(20):
        Commitment.objects.create(
            employee=org.water_worker,
            module_version=version,
            text=f"Promise {number}",
            follow_up_on=timezone.localdate(),
        )
    start = threading.Barrier(2)
    sent = []

    def run():
        start.wait()
        try:
            sent.append(send_follow_up_reminders())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == 20
    assert len(mail.outbox) == 20
    assert not Commitment.objects.filter(reminder_sent_at__isnull=True).exists()
