"""Another system invites the resident it just served: POST /api/v1/invitations with an API token."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from reports.periods import quarter_start
from reports.services import compute_metrics
from surveys.models import Response, SurveyInvitation, SurveyLink, TransactionDay
from surveys.services import invitations
from tests.api.conftest import post_invitation
from tests.api.test_tokens import issue_on_the_page
from tests.surveys.conftest import answers_post

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    match = re.search(r"https?://\S+/s/([\w-]+)/", message.body)
    assert match, message.body
    return f"/s/{match[1]}/"


def test_the_permit_system_invites_a_resident_who_answers_in_spanish(
    client, org, survey, queued, django_capture_on_commit_callbacks
):
    secret = issue_on_the_page(client, org, org.counter)
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_invitation(
            client, secret, service_point=org.counter.pk, channel="phone", email="Ana@Example.com", language="es"
        )
    assert answer.status_code == 201
    body = answer.json()
    assert body["invited"] is True and body["emailed"] is True and body["outcome"] == "invited"
    [message] = mail.outbox
    assert message.to == ["Ana@Example.com"]
    # Written in Spanish: the survey's own Spanish title (the texts' translations come from locale/, compiled by
    # the lead from notes/api.es.json).
    assert "¿Cómo le atendimos?" in message.body
    path = link_in(message)
    assert body["url"].endswith(path)
    # The address was needed for the email only: the row keeps a salted hash, never the address.
    invitation = SurveyInvitation.objects.get()
    assert invitation.email == "" and invitation.email_sent_at is not None
    assert "ana@example.com" not in json.dumps(list(SurveyInvitation.objects.values()), default=str).lower()
    # The resident follows the link and answers; the link works once.
    assert client.get(path).status_code == 200
    assert client.post(path, answers_post(survey)).status_code == 302
    response = Response.objects.get()
    assert response.service_point == org.counter and response.channel == "phone"
    assert client.post(path, answers_post(survey)).status_code == 409
    # The nightly job runs: the A-11 filing of the quarter counts the resident as offered a survey and as a
    # respondent, on the phone row (the channel of the transaction), and the page shows the invitation's path.
    compute_metrics(full=True)
    client.force_login(org.admin_user)
    quarter = quarter_start(timezone.localdate()).isoformat()
    filing = list(csv.DictReader(io.StringIO(client.get(f"/reports/a11/?quarter={quarter}&format=csv").text)))
    [row] = [row for row in filing if row["transaction_point"] == "Water counter"]
    assert (row["channel"], row["volume_of_customers_provided_survey_opportunity"]) == ("phone", "1")
    assert row["volume_of_respondents"] == "1"
    page = client.get(f"/reports/a11/?quarter={quarter}").text
    invitations_table = page.split('id="invitations-heading"')[1].split("</table>")[0]
    cells = re.findall(r'<td class="text-end">(\d+)</td>', invitations_table)
    assert "Water counter" in invitations_table and cells == ["1", "1", "1"]  # sent, opened, answered


def test_the_email_is_never_sent_twice(org, survey, water_token, client, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_invitation(client, water_token, service_point=org.counter.pk, channel="counter", email="ana@example.com")
    invitation = SurveyInvitation.objects.get()
    assert not invitations.email_invitation(invitation_id=invitation.pk)
    SurveyInvitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert invitations.resend_invitation_emails() == 0
    assert len(mail.outbox) == 1


def test_a_broker_outage_delays_the_email_to_the_resend_job(
    org, survey, water_token, client, monkeypatch, django_capture_on_commit_callbacks
):
    from surveys import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.send_invitation_email, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_invitation(client, water_token, service_point=org.counter.pk, channel="counter", email="a@b.org")
    assert answer.status_code == 201 and mail.outbox == []
    SurveyInvitation.objects.update(created_at=timezone.now() - timedelta(hours=1))
    assert invitations.resend_invitation_emails() == 1
    assert mail.outbox[0].to == ["a@b.org"] and SurveyInvitation.objects.get().email == ""


def test_without_an_address_the_system_gets_the_link_to_hand_over_and_nothing_is_emailed(
    org, survey, water_token, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_invitation(client, water_token, service_point=org.counter.pk, channel="counter")
    body = answer.json()
    assert answer.status_code == 201 and body["emailed"] is False and mail.outbox == []
    link = SurveyLink.objects.get(invitation__isnull=False)
    assert body["url"] == link.public_url and link.kind == "single_use" and link.survey == survey


def test_a_service_point_outside_the_token_is_403_json(org, survey, water_token, client):
    for point_id in (org.clinic_desk.pk, 999999):  # another's, and one that does not exist, look the same
        answer = post_invitation(client, water_token, service_point=point_id, channel="counter")
        assert answer.status_code == 403
        assert answer.json() == {"errors": {"__all__": ["This token may not act for this service point."]}}
    assert not SurveyInvitation.objects.exists() and not TransactionDay.objects.exists()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"channel": "counter"}, "service_point"),
        ({"service_point": "the counter", "channel": "counter"}, "service_point"),
        ({"service_point": 10**30, "channel": "counter"}, "service_point"),
        ({"service_point": -1, "channel": "counter"}, "service_point"),
        ({"service_point": None}, "channel"),
        ({"service_point": None, "channel": "carrier pigeon"}, "channel"),
        ({"service_point": None, "channel": "counter", "email": "not an address"}, "email"),
        (
            {"service_point": None, "channel": "counter", "email": "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".org"},
            "email",
        ),
        ({"service_point": None, "channel": "counter", "language": "fr"}, "language"),
        ({"service_point": None, "channel": ["counter"]}, "channel"),
    ],
)
def test_a_bad_payload_is_400_naming_the_field(org, survey, water_token, client, payload, field):
    payload = {**payload, "service_point": org.counter.pk} if payload.get("service_point", 0) is None else payload
    answer = post_invitation(client, water_token, **payload)
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert field in errors and all(isinstance(message, str) and message for message in errors[field])
    assert not SurveyInvitation.objects.exists()


def test_a_body_that_is_not_json_is_400(org, survey, water_token, client):
    answer = client.post(
        "/api/v1/invitations", "{not json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {water_token}"
    )
    assert answer.status_code == 400 and "errors" in answer.json()


def test_a_service_point_without_a_live_survey_is_400(org, survey, water_token, client):
    survey.status = "closed"
    survey.save()
    answer = post_invitation(client, water_token, service_point=org.counter.pk, channel="counter")
    assert answer.status_code == 400
    assert answer.json() == {"errors": {"service_point": ["No survey is taking answers at this service point."]}}


def test_nobody_is_invited_twice_within_the_quiet_period(
    org, survey, water_token, client, settings, queued, django_capture_on_commit_callbacks
):
    settings.SURVEY_INVITATION_QUIET_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        first = post_invitation(client, water_token, service_point=org.counter.pk, channel="counter", email="ana@x.org")
        again = post_invitation(client, water_token, service_point=org.counter.pk, channel="web", email=" ANA@x.org ")
    assert first.status_code == 201
    assert again.status_code == 200 and again.json() == {
        "invited": False,
        "outcome": "recently_invited",
        "url": None,
        "emailed": False,
    }
    assert len(mail.outbox) == 1
    # Thirty-one days on, the same resident may be asked again.
    SurveyInvitation.objects.update(created_at=timezone.now() - timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        later = post_invitation(client, water_token, service_point=org.counter.pk, channel="counter", email="ana@x.org")
    assert later.status_code == 201 and len(mail.outbox) == 2


def test_one_transaction_in_three_is_invited_when_the_counter_samples(org, survey, water_token, client):
    org.counter.invite_one_in = 3
    org.counter.save()
    invited = [
        post_invitation(client, water_token, service_point=org.counter.pk, channel="counter").json()["invited"]
        for _transaction in range(7)
    ]
    assert invited == [True, False, False, True, False, False, True]
    day = TransactionDay.objects.get(service_point=org.counter, channel="counter")
    assert (day.transactions, day.invited) == (7, 3)
    assert SurveyInvitation.objects.count() == 3


def test_each_token_is_rate_limited(org, survey, water_token, client, settings):
    settings.API_TOKEN_RATE = "2/m"
    statuses = [
        post_invitation(client, water_token, service_point=org.counter.pk, channel="counter").status_code
        for _call in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert "errors" in post_invitation(client, water_token, service_point=org.counter.pk, channel="counter").json()


# --- one reminder ------------------------------------------------------------------------------------------


@pytest.fixture
def reminders_after_three_days(settings):
    settings.SURVEY_INVITATION_REMINDER_DAYS = 3


def invite_ana(client, org, water_token, capture):
    with capture(execute=True):
        answer = post_invitation(
            client, water_token, service_point=org.counter.pk, channel="counter", email="ana@x.org"
        )
    assert answer.status_code == 201
    return SurveyInvitation.objects.get(), answer.json()["url"]


def test_a_resident_who_has_not_answered_gets_one_reminder_and_then_the_address_goes(
    org, survey, water_token, client, queued, reminders_after_three_days, django_capture_on_commit_callbacks
):
    invitation, _url = invite_ana(client, org, water_token, django_capture_on_commit_callbacks)
    invitation.refresh_from_db()
    assert invitation.email == "ana@x.org"  # kept for the reminder
    assert invitations.send_invitation_reminders() == 0  # not due for three days
    SurveyInvitation.objects.update(email_sent_at=timezone.now() - timedelta(days=3, minutes=1))
    assert invitations.send_invitation_reminders() == 1
    first, reminder = mail.outbox
    assert reminder.to == ["ana@x.org"] and "reminder" in reminder.subject and link_in(reminder) == link_in(first)
    assert "only reminder" in reminder.body
    assert SurveyInvitation.objects.get().email == ""
    assert invitations.send_invitation_reminders() == 0 and len(mail.outbox) == 2


def test_a_resident_who_answered_gets_no_reminder_and_their_address_goes_at_once(
    org, survey, water_token, client, queued, reminders_after_three_days, django_capture_on_commit_callbacks
):
    _invitation, url = invite_ana(client, org, water_token, django_capture_on_commit_callbacks)
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert client.post(f"/{path}", answers_post(survey)).status_code == 302
    assert SurveyInvitation.objects.get().email == ""
    SurveyInvitation.objects.update(email_sent_at=timezone.now() - timedelta(days=10))
    assert invitations.send_invitation_reminders() == 0 and len(mail.outbox) == 1


def test_turning_reminders_off_forgets_the_addresses_kept_for_them(
    org, survey, water_token, client, queued, settings, reminders_after_three_days, django_capture_on_commit_callbacks
):
    invite_ana(client, org, water_token, django_capture_on_commit_callbacks)
    settings.SURVEY_INVITATION_REMINDER_DAYS = 0
    assert invitations.send_invitation_reminders() == 0
    assert SurveyInvitation.objects.get().email == "" and len(mail.outbox) == 1
