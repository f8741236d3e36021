"""Invitations: an imported person chooses a password from the emailed link, once; nothing is lost or sent twice."""

import re
from datetime import timedelta

from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import invitations
from accounts.importing import apply_import
from accounts.models import Invitation
from org.models import Employee
from serviceculture import outages
from tests.accounts.conftest import as_csv, person

NEW_PASSWORD = "harbor-lighthouse-42"


def import_people(*rows):
    return apply_import(kind="employees", content=as_csv(list(rows)), deactivate_absent=False, by=None, source="t")


def link_in(message) -> str:
    return (
        re.search(r"https?://\S+/accounts/invitation/\S+/", message.body).group(0).split("://", 1)[1].split("/", 1)[1]
    )


def test_an_imported_person_sets_a_password_from_the_invitation_and_is_signed_in(client, org, monkeypatch):
    monkeypatch.setattr(invitations, "queue_task", lambda task, args: True)  # queued; no worker runs in this test
    import_people(person("N-1", **{"First name": "Rosa"}))
    # The import queued the invitation after its transaction committed; a worker would now run this:
    invitation = Invitation.objects.get()
    assert invitations.send_invitation(invitation_id=invitation.pk)
    [message] = mail.outbox
    assert message.to == ["n-1@county.example.gov"]
    assert "Hello Rosa" in message.body and "n-1" in message.body
    path = "/" + link_in(message)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200 and "Choose your password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert weak.status_code == 200 and "too short" in weak.content.decode()  # the validators apply
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert client.get(reverse("home")).context["user"].username == "n-1"  # signed in
    assert User.objects.get(username="n-1").check_password(NEW_PASSWORD)
    # The link works once.
    client.logout()
    again = client.get(path, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_the_invitation_is_sent_once_and_a_second_import_invites_nobody(org):
    import_people(person("N-1"))
    invitation = Invitation.objects.get()
    assert invitations.send_invitation(invitation_id=invitation.pk)
    assert not invitations.send_invitation(invitation_id=invitation.pk)  # a redelivered task sends nothing
    import_people(person("N-1"))
    assert len(mail.outbox) == 1 and Invitation.objects.count() == 1


def test_a_broker_outage_loses_no_invitation(org, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(outages.BROKER, "should_try", lambda: False)  # the broker is down
    with django_capture_on_commit_callbacks(execute=True):
        import_people(person("N-1"))
    assert not mail.outbox
    Invitation.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    assert invitations.resend_invitations() == 1  # the periodic job finds it
    assert len(mail.outbox) == 1
    assert invitations.resend_invitations() == 0


def test_a_leavers_invitation_link_does_not_bring_the_account_back(client, org):
    import_people(person("N-1"))
    invitations.send_invitation(invitation_id=Invitation.objects.get().pk)
    import_people(person("N-1", Active="no"))
    assert not Employee.objects.get(employee_number="N-1").active
    response = client.get("/" + link_in(mail.outbox[0]), follow=True)
    assert "This link no longer works" in response.content.decode()
    assert invitations.resend_invitations() == 0
