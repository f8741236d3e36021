"""A resident takes back the contact details they gave, from the link in the email about their request."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from surveys import tasks, triage
from surveys.models import QuestionKind, Response, ResponseStatus, TriageAction, TriageEvent
from surveys.services import contact
from surveys.services.contact import TAKE_BACK_SALT, take_back_token, withdraw_contact
from tests.surveys.conftest import answers_post

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/s/contact/\S+/")
DETAILS = {"contact_name": "Ana Ruiz", "contact_email": "ana.ruiz@example.com", "contact_phone": "612 345 678"}


def ask_to_be_contacted(client, survey, link, language="en", **details) -> Response:
    """Answer the survey on the resident's page, asking to be contacted."""
    data = answers_post(survey, wants_contact="yes", **(details or DETAILS))
    page = client.post(reverse("surveys_public:respond", args=[link.token]), data, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 302
    return Response.objects.latest("pk")


def resident_email(response: Response):
    """Send the resident's email as the worker's task does, and return it."""
    assert contact.email_resident(response_id=response.pk) is True
    (message,) = [message for message in mail.outbox if message.to == [response.contact_email]]
    return message


def take_back_link(message) -> str:
    """The path of the take-back link in an email."""
    return urlsplit(LINK.search(message.body).group(0)).path


@pytest.fixture
def fresh_client(client):
    """A new visit: the link opened later, from the email, without the language the survey was taken in."""
    client.cookies.clear()
    return client


def test_a_resident_takes_back_their_details_with_the_link_in_their_email(client, survey, open_link, org):
    response = ask_to_be_contacted(client, survey, open_link)
    message = resident_email(response)
    assert "your request has reached Water." in message.body
    path = take_back_link(message)

    confirm = client.get(path)
    text = confirm.content.decode()
    assert confirm.status_code == 200 and '<html lang="en"' in text
    assert "<h1" in text and "Delete your contact details" in text
    assert "your name" in text and "your email address" in text and "your phone number" in text
    assert "ana.ruiz@example.com" not in text and "Ana Ruiz" not in text  # the page shows what, never the details

    done = client.post(path)
    assert done.status_code == 200 and "Your contact details have been deleted" in done.content.decode()
    response.refresh_from_db()
    assert (response.contact_name, response.contact_email, response.contact_phone) == ("", "", "")
    assert response.contact_withdrawn_at is not None and response.wants_contact
    event = TriageEvent.objects.get(response=response, action=TriageAction.CONTACT_WITHDRAWN)
    assert (event.actor, event.detail) == (None, "")


def test_a_spanish_speaking_resident_gets_the_pages_in_spanish(client, survey, open_link, fresh_client):
    response = ask_to_be_contacted(client, survey, open_link, language="es")
    assert response.language == "es"
    path = take_back_link(resident_email(response))
    fresh_client.cookies.clear()

    confirm = fresh_client.get(path, HTTP_ACCEPT_LANGUAGE="en")  # their browser says English; they answered in Spanish
    assert '<html lang="es"' in confirm.content.decode() and confirm["Content-Language"] == "es"
    done = fresh_client.post(path, HTTP_ACCEPT_LANGUAGE="en")
    assert "Ya puede cerrar esta página." in done.content.decode()
    assert Response.objects.get(pk=response.pk).contact_withdrawn_at is not None


def test_the_language_switch_on_the_page_wins_over_the_language_of_the_answers(client, survey, open_link):
    response = ask_to_be_contacted(client, survey, open_link, language="es")
    client.cookies.clear()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("surveys_public:take_back", args=[take_back_token(response)]))
    assert '<html lang="en"' in page.content.decode()


def test_a_second_visit_says_it_is_already_done_and_changes_nothing(client, survey, open_link):
    response = ask_to_be_contacted(client, survey, open_link)
    path = reverse("surveys_public:take_back", args=[take_back_token(response)])
    client.post(path)
    withdrawn_at = Response.objects.get(pk=response.pk).contact_withdrawn_at

    again = client.get(path).content.decode()
    assert "Your contact details were already deleted" in again and "<form" not in again.split("<main", 1)[1]
    assert "already deleted" in client.post(path).content.decode()
    assert Response.objects.get(pk=response.pk).contact_withdrawn_at == withdrawn_at
    assert TriageEvent.objects.filter(response=response, action=TriageAction.CONTACT_WITHDRAWN).count() == 1


def test_every_email_about_a_response_carries_the_same_link(client, survey, open_link):
    response = ask_to_be_contacted(client, survey, open_link)
    assert take_back_token(response) == take_back_token(Response.objects.get(pk=response.pk))
    assert take_back_token(response) != take_back_token(ask_to_be_contacted(client, survey, open_link))


def test_the_link_still_works_after_the_follow_up_was_answered(client, survey, open_link, org):
    response = ask_to_be_contacted(client, survey, open_link)
    triage.record_follow_up(
        response=response, note="Called back, fixed the bill", status="responded", by=org.admin_user
    )
    path = reverse("surveys_public:take_back", args=[take_back_token(response)])
    assert client.post(path).status_code == 200
    assert Response.objects.get(pk=response.pk).contact_email == ""


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        signing.Signer(salt="surveys.something-else").sign_object(1),  # signed by this site, for another purpose
        signing.dumps(1, salt=TAKE_BACK_SALT),  # the right salt, another kind of signature
        signing.Signer(key="another-sites-secret-key-of-fifty-characters-or-more", salt=TAKE_BACK_SALT).sign_object(1),
        signing.Signer(salt=TAKE_BACK_SALT).sign_object("1"),
    ],
)
def test_a_token_this_site_did_not_sign_for_taking_back_is_a_404(client, survey, open_link, token):
    ask_to_be_contacted(client, survey, open_link)
    assert client.get(reverse("surveys_public:take_back", args=[token])).status_code == 404
    assert client.post(reverse("surveys_public:take_back", args=[token])).status_code == 404
    assert Response.objects.get().contact_email == DETAILS["contact_email"]


def test_a_tampered_token_naming_another_response_is_a_404(client, survey, open_link):
    first = ask_to_be_contacted(client, survey, open_link)
    second = ask_to_be_contacted(client, survey, open_link)
    _value, signature = take_back_token(first).split(":", 1)
    forged = f"{take_back_token(second).split(':', 1)[0]}:{signature}"
    assert client.post(reverse("surveys_public:take_back", args=[forged])).status_code == 404
    assert Response.objects.get(pk=second.pk).contact_withdrawn_at is None


def test_a_response_without_contact_has_no_take_back_page(client, survey, open_link):
    client.post(reverse("surveys_public:respond", args=[open_link.token]), answers_post(survey))
    response = Response.objects.get()
    assert client.get(reverse("surveys_public:take_back", args=[take_back_token(response)])).status_code == 404


def test_deleting_needs_the_csrf_token(survey, open_link, client):
    from django.test import Client

    response = ask_to_be_contacted(client, survey, open_link)
    strict = Client(enforce_csrf_checks=True)
    path = reverse("surveys_public:take_back", args=[take_back_token(response)])
    assert strict.post(path).status_code == 403
    assert Response.objects.get(pk=response.pk).contact_withdrawn_at is None


def test_visits_are_rate_limited_per_client_whatever_the_token(client, survey, open_link, one_rate_window):
    response = ask_to_be_contacted(client, survey, open_link)
    for attempt in range(10):
        client.get(reverse("surveys_public:take_back", args=[f"guess-{attempt}"]), REMOTE_ADDR="203.0.113.9")
    path = reverse("surveys_public:take_back", args=[take_back_token(response)])
    limited = client.get(path, REMOTE_ADDR="203.0.113.9")
    assert limited.status_code == 429 and "Please wait a minute" in limited.content.decode()
    assert client.get(path, REMOTE_ADDR="203.0.113.10").status_code == 200


def test_staff_see_that_the_resident_withdrew_and_cannot_reach_them(client, survey, open_link, org):
    response = ask_to_be_contacted(client, survey, open_link)
    withdraw_contact(response=response)
    day = date_format(timezone.localdate())

    client.force_login(org.head_user)
    detail = client.get(reverse("surveys:response_detail", args=[response.pk])).content.decode()
    assert f"The resident withdrew their contact details on {day}" in detail
    assert "do not contact them" in detail and "ana.ruiz" not in detail and "mailto:" not in detail
    assert "the resident · The resident withdrew their contact details" in detail  # on the history
    inbox = client.get(reverse("surveys:inbox")).content.decode()
    assert "Contact withdrawn" in inbox
    follow_ups = client.get(reverse("surveys:follow_ups"))
    assert response.pk not in [row.record.pk for row in follow_ups.context["table"].rows]


def test_no_email_goes_out_about_a_request_taken_back_before_it_was_sent(survey, open_link, org, client):
    org.water.email = "water@example.gov"
    org.water.save()
    response = ask_to_be_contacted(client, survey, open_link)
    withdraw_contact(response=response)
    Response.objects.filter(pk=response.pk).update(submitted_at=timezone.now() - timedelta(hours=1))
    assert triage.email_contact_request(response_id=response.pk) is False
    assert contact.email_resident(response_id=response.pk) is False
    assert triage.resend_contact_emails() == 0 and contact.resend_resident_emails() == 0
    assert mail.outbox == []


def test_staff_notes_lose_the_details_the_resident_took_back(client, survey, open_link, org):
    response = ask_to_be_contacted(client, survey, open_link)
    triage.record_follow_up(
        response=response, note="Left a message for ana ruiz about the bill", status="dispatched", by=org.admin_user
    )
    withdraw_contact(response=response)
    note = TriageEvent.objects.get(response=response, action=TriageAction.FOLLOW_UP).detail
    assert note == "Left a message for [withdrawn] about the bill"
    with connection.cursor() as cursor:
        for table in ("surveys_response", "surveys_answer", "surveys_triageevent"):
            cursor.execute(f"SELECT * FROM {table}")
            dump = repr(cursor.fetchall()).lower()
            assert "ana ruiz" not in dump and "ana.ruiz@example.com" not in dump and "612 345 678" not in dump


def test_a_phone_number_in_a_staff_note_is_masked(client, survey, open_link, org):
    response = ask_to_be_contacted(client, survey, open_link)
    triage.record_follow_up(
        response=response, note="Called 555-987-6543, will call again", status="dispatched", by=org.admin_user
    )
    assert TriageEvent.objects.get(action=TriageAction.FOLLOW_UP).detail == "Called [tel], will call again"


def test_the_resident_email_goes_only_to_those_who_gave_an_email_address(client, survey, open_link):
    response = ask_to_be_contacted(client, survey, open_link, contact_phone="555-123-4567")
    assert contact.email_resident(response_id=response.pk) is False
    assert mail.outbox == []


def test_the_resend_job_emails_recent_residents_once_and_never_old_requests(client, survey, open_link, org):
    org.water.email = "water@example.gov"
    org.water.save()
    recent = ask_to_be_contacted(client, survey, open_link)
    old = ask_to_be_contacted(client, survey, open_link)
    Response.objects.filter(pk=recent.pk).update(submitted_at=timezone.now() - timedelta(hours=1))
    Response.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=30))
    assert tasks.resend_contact_emails() == 3  # the representative's two, and the recent resident's
    to_resident = [message for message in mail.outbox if message.to == [DETAILS["contact_email"]]]
    assert len(to_resident) == 1 and take_back_token(recent) in to_resident[0].body
    assert tasks.resend_contact_emails() == 0
    assert len([message for message in mail.outbox if message.to == [DETAILS["contact_email"]]]) == 1


def test_a_comment_is_untouched_when_the_details_are_taken_back(client, survey, open_link):
    response = ask_to_be_contacted(client, survey, open_link)
    withdraw_contact(response=response)
    assert response.answers.get(question__kind=QuestionKind.LONG_TEXT).text == "A helpful visit."
    assert response.status == ResponseStatus.RECEIVED


def test_the_task_that_emails_the_representative_also_tells_the_resident(client, survey, open_link, org):
    org.water.email = "water@example.gov"
    org.water.save()
    response = ask_to_be_contacted(client, survey, open_link)
    assert tasks.send_contact_email(response.pk) is True
    assert sorted(message.to[0] for message in mail.outbox) == ["ana.ruiz@example.com", "water@example.gov"]
    tasks.send_contact_email(response.pk)  # a redelivered task sends nothing twice
    assert len(mail.outbox) == 2
