"""Surveys under the Paperwork Reduction Act: the notice residents see while the OMB approval is valid, the
owner's warnings 30 and 7 days before it expires (each exactly once), and the survey closing at expiry."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from org.roles import Role
from serviceculture import mail as outgoing
from surveys.models import PaperworkWarning, Response, SurveyStatus
from surveys.services import paperwork
from surveys.services.paperwork import send_paperwork_warnings, warning_due
from tests.factories import make_user
from tests.surveys.conftest import answers_post

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


def url(link):
    return reverse("surveys_public:respond", args=[link.token])


def cleared(survey, *, expires_on, closes_on=None):
    survey.omb_control_number = "1090-0007"
    survey.omb_expires_on = expires_on
    survey.closes_on = closes_on
    survey.save()
    return survey


@pytest.fixture
def owner(org, survey):
    """The program admin who built the survey, with an address to be warned at."""
    org.admin_user.email = "alex@example.gov"
    org.admin_user.save()
    return org.admin_user


# --- The notice on the resident's form -----------------------------------------------------------


def test_a_resident_sees_the_control_number_and_its_expiry_while_the_approval_is_valid(client, open_link, survey):
    cleared(survey, expires_on=timezone.localdate() + timedelta(days=200))
    text = client.get(url(open_link)).content.decode()
    assert "Paperwork Reduction Act notice" in text
    assert "OMB control number 1090-0007" in text
    assert survey.omb_expires_on.strftime("%m/%d/%Y") in text


def test_a_resident_sees_the_notice_on_the_approvals_last_day(client, open_link, survey):
    cleared(survey, expires_on=timezone.localdate())
    page = client.get(url(open_link))
    assert page.status_code == 200
    assert "OMB control number 1090-0007" in page.content.decode()


def test_a_survey_outside_the_act_shows_no_notice(client, open_link):
    assert "Paperwork Reduction Act" not in client.get(url(open_link)).content.decode()


# --- Closing at expiry ---------------------------------------------------------------------------


def test_the_day_after_the_approval_expires_a_resident_is_told_why_and_nothing_is_stored(client, open_link, survey):
    cleared(survey, expires_on=timezone.localdate() - timedelta(days=1))
    page = client.get(url(open_link))
    assert page.status_code == 410
    text = page.content.decode()
    assert "This survey has ended" in text
    assert "1090-0007" in text and "Paperwork Reduction Act" in text
    assert "Send my answers" not in text
    assert client.post(url(open_link), answers_post(survey)).status_code == 410
    assert not Response.objects.exists()


def test_an_expired_approval_closes_a_live_survey_without_changing_its_status(survey):
    cleared(survey, expires_on=TODAY - timedelta(days=1))
    assert survey.status == SurveyStatus.LIVE
    assert not survey.accepts_answers(TODAY)
    assert survey.accepts_answers(TODAY - timedelta(days=1))  # the last valid day
    survey.omb_expires_on = TODAY + timedelta(days=365)  # renewed: open again, nothing else to do
    assert survey.accepts_answers(TODAY)


def test_a_spanish_speaking_resident_is_told_in_spanish(client, open_link, survey):
    cleared(survey, expires_on=date(2025, 12, 31))
    page = client.get(url(open_link), HTTP_ACCEPT_LANGUAGE="es")
    assert page.status_code == 410
    text = page.content.decode()
    assert '<html lang="es"' in text
    assert "31 de diciembre de 2025" in text
    assert "Esta encuesta ha terminado" in text
    assert "Ley de Reducción de Trámites" in text


def test_a_spanish_speaking_resident_sees_the_notice_in_spanish_while_valid(client, open_link, survey):
    cleared(survey, expires_on=timezone.localdate() + timedelta(days=90))
    text = client.get(url(open_link), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "número de control de la OMB 1090-0007" in text


# --- The owner's warnings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "due"),
    [(45, None), (31, None), (30, 30), (8, 30), (7, 7), (1, 7), (0, 7), (-1, None)],
)
def test_the_warning_owed_depends_on_the_days_left(days_left, due):
    assert warning_due(days_left) == due


def test_the_owner_is_warned_thirty_days_before_and_only_once(owner, survey):
    cleared(survey, expires_on=TODAY + timedelta(days=30))
    assert send_paperwork_warnings(today=TODAY) == 1
    assert send_paperwork_warnings(today=TODAY) == 0  # the task ran twice
    assert send_paperwork_warnings(today=TODAY + timedelta(days=1)) == 0  # and the next day
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alex@example.gov"]
    assert "expires in 30 days, on April 1, 2026" in message.body
    assert "1090-0007" in message.body
    warning = PaperworkWarning.objects.get()
    assert (warning.days_before, warning.sent_to) == (30, "alex@example.gov")


def test_the_owner_is_warned_again_seven_days_before_and_only_once(owner, survey):
    cleared(survey, expires_on=TODAY + timedelta(days=30))
    for day in range(31):  # a daily task, every day up to the expiry
        send_paperwork_warnings(today=TODAY + timedelta(days=day))
        send_paperwork_warnings(today=TODAY + timedelta(days=day))
    assert len(mail.outbox) == 2
    assert "expires in 30 days, on April 1, 2026" in mail.outbox[0].body
    assert "expires in 7 days, on April 1, 2026" in mail.outbox[1].body
    assert sorted(PaperworkWarning.objects.values_list("days_before", flat=True)) == [7, 30]


def test_a_survey_made_live_in_its_last_week_gets_only_the_seven_day_warning(owner, survey):
    cleared(survey, expires_on=TODAY + timedelta(days=5))
    assert send_paperwork_warnings(today=TODAY) == 1
    assert "expires in 5 days" in mail.outbox[0].body
    assert list(PaperworkWarning.objects.values_list("days_before", flat=True)) == [7]


def test_nobody_is_warned_about_a_draft_or_a_survey_that_closes_before_its_approval_ends(owner, survey):
    cleared(survey, expires_on=TODAY + timedelta(days=30), closes_on=TODAY + timedelta(days=20))
    assert send_paperwork_warnings(today=TODAY) == 0
    survey.closes_on = None
    survey.status = SurveyStatus.DRAFT
    survey.save()
    assert send_paperwork_warnings(today=TODAY) == 0
    assert mail.outbox == []


def test_a_renewed_approval_gets_warnings_of_its_own(owner, survey):
    cleared(survey, expires_on=TODAY + timedelta(days=30))
    send_paperwork_warnings(today=TODAY)
    cleared(survey, expires_on=TODAY + timedelta(days=60))
    assert send_paperwork_warnings(today=TODAY + timedelta(days=30)) == 1
    assert len(mail.outbox) == 2


def test_program_admins_are_warned_when_the_survey_has_no_creator(org, survey):
    cleared(survey, expires_on=TODAY + timedelta(days=7))
    survey.created_by = None
    survey.save()
    org.admin_user.email = "alex@example.gov"
    org.admin_user.save()
    other = make_user("second-admin", Role.PROGRAM_ADMIN)
    other.email = "sam@example.gov"
    other.save()
    assert send_paperwork_warnings(today=TODAY) == 1
    assert sorted(mail.outbox[0].to) == ["alex@example.gov", "sam@example.gov"]
    assert "as a program admin" in mail.outbox[0].body


def test_a_warning_with_nobody_to_send_to_waits_for_an_address(org, survey):
    cleared(survey, expires_on=TODAY + timedelta(days=30))
    assert send_paperwork_warnings(today=TODAY) == 0
    assert PaperworkWarning.objects.get().sent_at is None
    org.admin_user.email = "alex@example.gov"
    org.admin_user.save()
    assert send_paperwork_warnings(today=TODAY + timedelta(days=1)) == 1


def a_worker_takes_the_warning():
    return outgoing.claim(PaperworkWarning.objects.all(), sent="sent_at", lease="sending_until")


def test_a_warning_whose_worker_died_mid_send_is_sent_once_after_its_lease(owner, survey):
    cleared(survey, expires_on=TODAY + timedelta(days=30))
    PaperworkWarning.objects.create(survey=survey, expires_on=survey.omb_expires_on, days_before=30)
    assert a_worker_takes_the_warning()  # ... and is killed before it records anything
    assert send_paperwork_warnings(today=TODAY) == 0  # its lease still holds: nothing is sent twice
    PaperworkWarning.objects.update(sending_until=timezone.now() - timedelta(seconds=1))
    assert send_paperwork_warnings(today=TODAY + timedelta(days=1)) == 1
    assert send_paperwork_warnings(today=TODAY + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_a_failed_send_is_given_back_and_sent_by_the_next_run(owner, survey, monkeypatch):
    cleared(survey, expires_on=TODAY + timedelta(days=30))

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(paperwork, "send_mail", refuse)
    assert send_paperwork_warnings(today=TODAY) == 0
    warning = PaperworkWarning.objects.get()
    assert warning.sent_at is None and warning.sending_until is None
    monkeypatch.undo()
    assert send_paperwork_warnings(today=TODAY + timedelta(days=1)) == 1


def test_the_warnings_run_daily_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["surveys-paperwork-warnings"]
    assert entry["task"] == "surveys.send_paperwork_warnings"
    assert entry["schedule"].hour == {settings.NIGHTLY_HOUR}
    assert entry["options"]["expires"] < 24 * 3600


# --- The PRA state in the staff lists ------------------------------------------------------------


def test_the_survey_list_shows_each_surveys_pra_state(client, org, survey, django_assert_max_num_queries):
    today = timezone.localdate()
    cleared(survey, expires_on=today + timedelta(days=12))
    client.force_login(org.admin_user)
    text = client.get(reverse("surveys:survey_list")).content.decode()
    assert "Expiring" in text and "OMB approval expires in 12 days" in text
    cleared(survey, expires_on=today - timedelta(days=3))
    text = client.get(reverse("surveys:survey_list")).content.decode()
    assert "Expired" in text and "OMB approval expired on" in text
    cleared(survey, expires_on=today + timedelta(days=400))
    with django_assert_max_num_queries(12):
        text = client.get(reverse("surveys:survey_list")).content.decode()
    assert "Valid" in text and "OMB approval valid until" in text


def test_django_admin_lists_the_pra_state(client, org, survey):
    cleared(survey, expires_on=timezone.localdate() + timedelta(days=7))
    client.force_login(org.admin_user)
    text = client.get(reverse("admin:surveys_survey_changelist")).content.decode()
    assert "PRA state" in text
    assert "OMB approval expires in 7 days" in text
