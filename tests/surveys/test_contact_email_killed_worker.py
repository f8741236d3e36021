"""A worker killed by SIGKILL while it sends a resident's contact request loses nothing: once its lease
ends, the resend job delivers the email exactly once (serviceculture/mail.py)."""

import os
import signal
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from surveys import triage
from surveys.models import Response, SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links
from surveys.services.responses import submit_response
from tests.servers import wait_until
from tests.smtp import SMTPServer
from tests.surveys.test_services import answers_for
from tests.workers import LEASE_SECONDS, drop_unacknowledged, mail_worker

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contact_request(org):
    org.water.email = "water@example.gov"
    org.water.save()
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    return survey, create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]


def test_a_contact_email_whose_worker_is_killed_mid_send_goes_out_once_after_the_lease(contact_request, tmp_path):
    survey, link = contact_request
    with SMTPServer(stall_first=1) as smtp:
        with mail_worker(smtp.url, log=tmp_path / "first.log") as first:
            response = submit_response(
                # A phone number only: the resident is owed no email of their own, so the one email is the
                # representative's (the resident's has its own lease: surveys/services/contact.py).
                link=link,
                answers=answers_for(survey),
                language="en",
                contact={"contact_phone": "555-0100"},
            )
            wait_until(
                smtp.mailbox.stalled.is_set,
                seconds=60,
                what="the email reached SMTP",
                process=first,
                log=tmp_path / "first.log",
            )
            # The worker is inside send_mail: the message is with the mail server, which has not answered.
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
            # Redis still holds the dead worker's task and would hand it out again hours later, to another test.
            assert drop_unacknowledged("surveys.send_contact_email") >= 1

        row = Response.objects.get(pk=response.pk)
        assert row.contact_email_sent_at is None  # nobody may say the representative was emailed
        assert row.contact_email_is_sending
        # While the dead worker's lease lives, the resend job leaves the email alone.
        Response.objects.filter(pk=response.pk).update(submitted_at=timezone.now() - timedelta(minutes=20))
        assert triage.resend_contact_emails() == 0 and mail.outbox == []

        wait_until(
            lambda: not Response.objects.get(pk=response.pk).contact_email_is_sending,
            seconds=LEASE_SECONDS + 5,
            what="the dead worker's lease ended",
        )
        with mail_worker(smtp.url, log=tmp_path / "second.log") as second:
            from surveys.tasks import resend_contact_emails

            resend_contact_emails.delay()
            sent = Response.objects.filter(pk=response.pk, contact_email_sent_at__isnull=False)
            wait_until(
                sent.exists, seconds=60, what="the resend job sent it", process=second, log=tmp_path / "second.log"
            )
            resend_contact_emails.delay()  # the next run finds nothing to send
            time.sleep(2)

    assert len(smtp.mailbox.delivered) == 1
    assert f"(response #{response.pk})".encode() in smtp.mailbox.delivered[0]
    assert b"water@example.gov" in smtp.mailbox.delivered[0]
    row = Response.objects.get(pk=response.pk)
    assert row.contact_email_sending_until is None
