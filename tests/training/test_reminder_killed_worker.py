"""A worker killed by SIGKILL while it sends a commitment reminder loses nothing: once its lease ends,
the next run of the 15-minute task sends that reminder exactly once, and the ones the dead run never
reached (serviceculture/mail.py)."""

import os
import signal

import pytest
from django.core import mail
from django.utils import timezone

from tests.servers import wait_until
from tests.smtp import SMTPServer
from tests.workers import LEASE_SECONDS, drop_unacknowledged, mail_worker
from training.models import Commitment
from training.services.commitments import send_follow_up_reminders

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_reminder_whose_worker_is_killed_mid_send_goes_out_once_after_the_lease(org, version, tmp_path):
    from training.tasks import send_commitment_follow_ups

    org.water_worker.work_email = "walter@example.gov"
    org.water_worker.save()
    first_promise, _second_promise = (
        Commitment.objects.create(
            employee=org.water_worker, module_version=version, text=text, follow_up_on=timezone.localdate()
        )
        for text in ("Greet every visitor first", "Call back the same day")
    )
    with SMTPServer(stall_first=1) as smtp:
        with mail_worker(smtp.url, log=tmp_path / "first.log") as first:
            send_commitment_follow_ups.delay()
            wait_until(
                smtp.mailbox.stalled.is_set,
                seconds=60,
                what="a reminder reached SMTP",
                process=first,
                log=tmp_path / "first.log",
            )
            os.kill(first.pid, signal.SIGKILL)  # inside send_mail, the first reminder unanswered
            first.wait(timeout=10)
            # Redis still holds the dead worker's task and would hand it out again hours later, to another test.
            assert drop_unacknowledged("training.send_commitment_follow_ups") >= 1

        first_promise.refresh_from_db()
        assert first_promise.reminder_sent_at is None
        assert first_promise.reminder_sending_until > timezone.now()
        # The dead worker's lease still holds the first reminder; the second was never reached.
        assert send_follow_up_reminders() == 1 and len(mail.outbox) == 1
        assert "Call back the same day" in mail.outbox[0].body

        def lease_ended() -> bool:
            return Commitment.objects.get(pk=first_promise.pk).reminder_sending_until < timezone.now()

        wait_until(lease_ended, seconds=LEASE_SECONDS + 5, what="the dead worker's lease ended")
        with mail_worker(smtp.url, log=tmp_path / "second.log") as second:
            send_commitment_follow_ups.delay()
            sent = Commitment.objects.filter(pk=first_promise.pk, reminder_sent_at__isnull=False)
            wait_until(
                sent.exists, seconds=60, what="the next run sent it", process=second, log=tmp_path / "second.log"
            )

    assert len(smtp.mailbox.delivered) == 1
    assert b"Greet every visitor first" in smtp.mailbox.delivered[0]
    first_promise.refresh_from_db()
    assert first_promise.reminder_sending_until is None
    assert Commitment.objects.filter(reminder_sent_at__isnull=True).count() == 0
