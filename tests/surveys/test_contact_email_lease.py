"""The contact email is sent under a lease (serviceculture/mail.py): one worker at a time, given back on
failure, taken again once a dead worker's lease ends, and never shown as sent before it was."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from serviceculture import mail as outgoing
from surveys import triage
from surveys.models import Response
from surveys.services.responses import submit_response
from tests.surveys.test_services import answers_for

pytestmark = pytest.mark.django_db

LEASE = {"sent": "contact_email_sent_at", "lease": "contact_email_sending_until"}


@pytest.fixture
def request_to_contact(survey, open_link, org):
    """A resident at the water counter asked to be contacted an hour ago; Water has a public address."""
    org.water.email = "water@example.gov"
    org.water.save()
    response = submit_response(
        link=open_link, answers=answers_for(survey), language="en", contact={"contact_email": "ana@example.com"}
    )
    Response.objects.filter(pk=response.pk).update(submitted_at=timezone.now() - timedelta(hours=1))
    return response


def a_worker_takes_it(response):
    """The end of the lease the worker took, or None."""
    return outgoing.claim(Response.objects.filter(pk=response.pk), **LEASE)


def test_a_worker_that_takes_the_email_holds_it_for_the_configured_lease(request_to_contact, settings):
    settings.EMAIL_LEASE_SECONDS = 240
    before = timezone.now()
    assert a_worker_takes_it(request_to_contact)
    row = Response.objects.get(pk=request_to_contact.pk)
    assert before + timedelta(seconds=240) <= row.contact_email_sending_until <= timezone.now() + timedelta(seconds=240)
    assert row.contact_email_sent_at is None


def test_while_a_worker_holds_the_email_nobody_else_sends_it(request_to_contact):
    assert a_worker_takes_it(request_to_contact)
    assert not a_worker_takes_it(request_to_contact)
    assert not triage.email_contact_request(response_id=request_to_contact.pk)  # a redelivered task
    assert triage.resend_contact_emails() == 0
    assert mail.outbox == []


def test_once_a_dead_workers_lease_ends_the_resend_job_sends_it_once(request_to_contact):
    assert a_worker_takes_it(request_to_contact)
    # The worker died; its lease runs out.
    Response.objects.filter(pk=request_to_contact.pk).update(
        contact_email_sending_until=timezone.now() - timedelta(seconds=1)
    )
    assert triage.resend_contact_emails() == 1
    assert triage.resend_contact_emails() == 0
    assert [message.to for message in mail.outbox] == [["water@example.gov"]]
    row = Response.objects.get(pk=request_to_contact.pk)
    assert row.contact_email_sent_at is not None and row.contact_email_sending_until is None


def test_a_refused_email_gives_the_lease_back_and_the_next_try_sends_it(request_to_contact, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(triage, "send_mail", refuse)
    with pytest.raises(OSError):
        triage.email_contact_request(response_id=request_to_contact.pk)
    row = Response.objects.get(pk=request_to_contact.pk)
    assert row.contact_email_sent_at is None and row.contact_email_sending_until is None
    monkeypatch.undo()
    assert triage.resend_contact_emails() == 1


def test_a_request_with_no_address_to_send_to_is_not_marked_sent(request_to_contact, org):
    org.water.email = ""
    org.water.save()
    assert not triage.email_contact_request(response_id=request_to_contact.pk)
    row = Response.objects.get(pk=request_to_contact.pk)
    assert row.contact_email_sent_at is None and row.contact_email_sending_until is None
    org.water.email = "water@example.gov"  # someone gives Water an address: the next resend sends it
    org.water.save()
    assert triage.resend_contact_emails() == 1


def test_the_response_page_says_emailed_only_once_it_was(client, org, request_to_contact):
    client.force_login(org.head_user)
    url = reverse("surveys:response_detail", args=[request_to_contact.pk])
    assert "not yet" in client.get(url).content.decode()
    a_worker_takes_it(request_to_contact)
    page = client.get(url).content.decode()
    assert "being sent now (not confirmed yet)" in page and "not yet</dd>" not in page
    Response.objects.filter(pk=request_to_contact.pk).update(
        contact_email_sending_until=timezone.now() - timedelta(seconds=1)
    )
    assert "not yet" in client.get(url).content.decode()  # the worker died: it is waiting again
    triage.resend_contact_emails()
    page = client.get(url).content.decode()
    assert "not yet" not in page and "being sent now" not in page


def test_a_worker_overtaken_after_its_lease_ran_out_does_not_free_the_lease_of_the_one_sending_now(request_to_contact):
    slow = a_worker_takes_it(request_to_contact)
    Response.objects.filter(pk=request_to_contact.pk).update(  # the slow worker's lease ran out mid-conversation
        contact_email_sending_until=timezone.now() - timedelta(seconds=1)
    )
    now_sending = a_worker_takes_it(request_to_contact)
    outgoing.release(Response.objects.filter(pk=request_to_contact.pk), lease=LEASE["lease"], until=slow)
    assert Response.objects.get(pk=request_to_contact.pk).contact_email_sending_until == now_sending
    assert triage.resend_contact_emails() == 0  # so no third worker sends it meanwhile
