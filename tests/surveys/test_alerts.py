"""Alerts: a head or representative chooses what they are emailed about, on their own page; each alert reaches
only people whose scope holds what it links to, carries no resident's details, and is sent once, at once or in
the daily digest, however often the tasks run."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from org.models import ServiceStandard, StandardMeasure
from org.roles import Role
from reports.models import StandardCompliance
from reports.services.standard_alerts import alert_missed_standards
from surveys import alerts, tasks
from surveys.models import Alert, AlertDelivery, AlertDigest, AlertKind, Answer, Response, is_low_answer
from surveys.services.responses import submit_response
from tests.factories import make_employee, make_user
from tests.surveys.test_services import answers_for

pytestmark = pytest.mark.django_db

SETTINGS = reverse("surveys:alert_settings")
CONTACT = {"contact_name": "Ana Ruiz", "contact_email": "ana@example.com", "contact_phone": "555-0101"}


def subscribe(user, *, words: str = "", language: str = "en", **deliveries: str):
    user.email = f"{user.username}@example.gov"
    user.save()
    return alerts.save_alert_settings(by=user, deliveries=deliveries, watched_words=words, language=language)


def store(link, survey, *, score: int = 4, comment: str = "ok", **extra) -> Response:
    """A resident's response as the public form stores it, with its after-commit tasks left unrun (no broker
    here): the tests call the tasks themselves, as a worker would."""
    return submit_response(link=link, answers=answers_for(survey, number=score, text=comment), language="en", **extra)


def html_of(message) -> str:
    assert isinstance(message, EmailMultiAlternatives)
    return str(message.alternatives[0][0])


def run_alert_task(response: Response) -> int:
    return tasks.send_response_alerts(response.pk)


@pytest.fixture
def rep(org):
    """Rosa represents Water and holds the role."""
    rosa = make_employee(org.water, "Rosa", "Representative")
    org.water.customer_relations_rep = rosa
    org.water.save()
    return make_user("rep", Role.CUSTOMER_RELATIONS, Role.EMPLOYEE, employee=rosa)


# --- the settings page -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, expected",
    [("head_user", 200), ("other_head_user", 200), ("admin_user", 403), ("hr_user", 403), ("employee_user", 403)],
)
def test_heads_open_their_alert_settings_and_other_roles_are_refused(client, org, who, expected):
    client.force_login(getattr(org, who))
    assert client.get(SETTINGS).status_code == expected
    assert client.post(SETTINGS, {"contact_request": "immediate", "language": "en"}).status_code in (expected, 302)


def test_a_signed_out_visitor_is_sent_to_sign_in(client, org):
    assert client.get(SETTINGS).url.startswith(reverse("account_login"))


def test_a_head_saves_their_choices_and_sees_them_again(client, org):
    client.force_login(org.head_user)
    posted = client.post(
        SETTINGS,
        {
            "contact_request": "immediate",
            "low_response": "digest",
            "watched_word": "digest",
            "standard_missed": "off",
            "watched_words": "water main\n\n  fuga de agua ",
            "language": "es",
        },
    )
    assert posted.status_code == 302
    stored = org.head_user.alert_settings
    assert (stored.contact_request, stored.low_response, stored.standard_missed) == ("immediate", "digest", "off")
    assert stored.watched_terms() == ["water main", "fuga de agua"] and stored.language == "es"
    page = client.get(SETTINGS).content.decode()
    assert 'value="immediate" id="id_contact_request_1"' in page.replace(" checked", "") and "fuga de agua" in page


def test_the_page_changes_only_the_own_settings_of_who_posts(client, org):
    subscribe(org.other_head_user, low_response="immediate")
    client.force_login(org.head_user)
    client.post(SETTINGS, {"contact_request": "off", "low_response": "off", "watched_word": "off",
                           "standard_missed": "off", "language": "en", "user": org.other_head_user.pk})  # fmt: skip
    assert org.other_head_user.alert_settings.low_response == "immediate"


def test_a_representative_is_not_offered_standards_which_their_scope_does_not_hold(client, org, rep):
    client.force_login(rep)
    page = client.get(SETTINGS)
    assert page.status_code == 200
    assert "standard_missed" not in page.context["form"].fields
    assert client.post(SETTINGS, {"contact_request": "immediate", "low_response": "off", "watched_word": "off",
                                  "language": "en"}).status_code == 302  # fmt: skip


def test_a_refused_choice_comes_back_with_what_was_typed(client, org):
    client.force_login(org.head_user)
    page = client.post(SETTINGS, {"contact_request": "sometimes", "watched_words": "pothole", "language": "en"})
    assert page.status_code == 200 and "pothole" in page.content.decode()


# --- immediate alerts ------------------------------------------------------------------------------------------


def test_the_immediate_alert_is_sent_once_even_if_the_task_runs_twice(org, survey, open_link):
    subscribe(org.head_user, contact_request="immediate")
    response = store(open_link, survey, contact=CONTACT)
    assert run_alert_task(response) == 1
    assert run_alert_task(response) == 0  # a redelivered task
    assert alerts.resend_alerts(older_than=timezone.now() + timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["head@example.gov"] and "asked to be contacted" in message.subject
    assert f"/surveys/responses/{response.pk}/" in message.body
    html = html_of(message)
    assert f"/surveys/responses/{response.pk}/" in html
    for personal in ("Ana", "ana@example.com", "555-0101"):  # the email says where to look, not who
        assert personal not in message.body and personal not in html


def test_the_task_is_queued_when_the_response_is_stored(org, survey, open_link, monkeypatch,
                                                         django_capture_on_commit_callbacks):  # fmt: skip
    queued = []
    monkeypatch.setattr(tasks.send_response_alerts, "apply_async", lambda args, **kw: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        response = store(open_link, survey)
    assert queued == [(response.pk,)]


def test_a_response_that_can_raise_no_alert_queues_no_task_and_is_never_resent(
    org, survey, open_link, monkeypatch, django_capture_on_commit_callbacks
):
    """Most responses are content, without a comment or a request: no alert can come of them, so the resident's
    submission publishes nothing to the broker for them (surveys/services/responses.py)."""
    subscribe(
        org.head_user, words="ok", contact_request="immediate", low_response="immediate", watched_word="immediate"
    )
    queued = []
    monkeypatch.setattr(tasks.send_response_alerts, "apply_async", lambda args, **kw: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        content = store(open_link, survey, score=4, comment="")
        low = store(open_link, survey, score=2, comment="")
        commented = store(open_link, survey, score=5, comment="ok")
        asking = store(open_link, survey, score=5, comment="", contact=CONTACT)
    assert queued == [(low.pk,), (commented.pk,), (asking.pk,)]
    Response.objects.filter(pk=content.pk).update(submitted_at=timezone.now() - timedelta(minutes=30))
    assert tasks.resend_alerts() == 0 and mail.outbox == []


@pytest.mark.parametrize("driver", ["", "satisfaction", "trust"])
def test_a_low_answer_being_stored_is_low_as_the_inbox_counts_it(org, survey, open_link, driver):
    """`is_low_answer` decides whether a response being stored may raise a low alert; it must agree with
    `with_low_score`, the one definition, on every score and verdict."""
    question = survey.questions.first()
    expected, responses = set(), []
    for score in (None, 1, 2, 3, 4, 5):
        for satisfied in (None, True, False):
            response = Response.objects.create(
                survey=survey, link=open_link, service_point=org.counter, department=org.water
            )
            Answer.objects.create(response=response, question=question, driver=driver, score=score, satisfied=satisfied)
            responses.append(response.pk)
            if is_low_answer(driver=driver, score=score, satisfied=satisfied):
                expected.add(response.pk)
    assert set(Response.objects.filter(pk__in=responses).with_low_score().values_list("pk", flat=True)) == expected


def test_a_response_stored_while_the_broker_was_down_is_alerted_by_the_resend_job_once(org, survey, open_link):
    subscribe(org.head_user, low_response="immediate")
    response = store(open_link, survey, score=1)  # its task was never queued
    Response.objects.filter(pk=response.pk).update(submitted_at=timezone.now() - timedelta(minutes=30))
    assert tasks.resend_alerts() == 1
    assert tasks.resend_alerts() == 0
    assert len(mail.outbox) == 1 and f"/surveys/responses/{response.pk}/" in mail.outbox[0].body


def test_the_resend_job_leaves_the_newest_responses_to_their_task_and_old_ones_alone(org, survey, open_link):
    subscribe(org.head_user, low_response="immediate")
    store(open_link, survey, score=1)  # just stored: its own task is on the way
    old = store(open_link, survey, score=1)
    Response.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - alerts.RAISE_WITHIN - timedelta(hours=1))
    assert tasks.resend_alerts() == 0 and mail.outbox == []


def test_while_another_worker_holds_the_alert_nobody_else_sends_it(org, survey, open_link):
    subscribe(org.head_user, low_response="immediate")
    response = store(open_link, survey, score=1)
    [alert_id] = alerts.raise_response_alerts(response_id=response.pk)
    Alert.objects.filter(pk=alert_id).update(sending_until=timezone.now() + timedelta(minutes=5))  # the other worker
    assert run_alert_task(response) == 0 and mail.outbox == []


def test_a_failed_send_is_retried_and_then_sent_once(org, survey, open_link, monkeypatch):
    subscribe(org.head_user, low_response="immediate")
    response = store(open_link, survey, score=2)

    def refuse(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(OSError):
        run_alert_task(response)  # called directly, Celery's retry raises the error itself
    assert Alert.objects.get().sent_at is None and Alert.objects.get().sending_until is None
    monkeypatch.undo()
    assert alerts.resend_alerts(older_than=timezone.now() + timedelta(seconds=1)) == 1
    assert alerts.resend_alerts(older_than=timezone.now() + timedelta(seconds=1)) == 0
    assert len(mail.outbox) == 1 and "low response" in mail.outbox[0].subject


def test_only_low_responses_by_the_one_definition_raise_a_low_alert(org, survey, open_link):
    subscribe(org.head_user, low_response="immediate")
    run_alert_task(store(open_link, survey, score=3))
    assert mail.outbox == []
    run_alert_task(store(open_link, survey, score=1))
    assert len(mail.outbox) == 1


def test_the_head_of_another_department_is_not_told(org, survey, open_link):
    subscribe(org.other_head_user, contact_request="immediate", low_response="immediate")
    run_alert_task(store(open_link, survey, score=1, contact=CONTACT))
    assert mail.outbox == [] and not Alert.objects.exists()


def test_a_representative_is_told_only_of_what_their_scope_holds(org, survey, open_link, rep):
    subscribe(rep, contact_request="immediate", low_response="immediate")
    run_alert_task(store(open_link, survey, score=1))  # low, but no contact asked: not the representative's
    assert mail.outbox == []
    contact = store(open_link, survey, score=1, contact=CONTACT)
    run_alert_task(contact)
    assert sorted(Alert.objects.values_list("kind", flat=True)) == ["contact_request", "low_response"]
    assert len(mail.outbox) == 2 and all(f"/responses/{contact.pk}/" in message.body for message in mail.outbox)


def test_a_watched_word_alert_names_the_words_and_not_the_comment(org, survey, open_link):
    subscribe(org.head_user, words="fuga de agua\nwater main", watched_word="immediate")
    run_alert_task(store(open_link, survey, comment="Water mainly fine"))  # "main" is not "mainly"
    assert mail.outbox == []
    run_alert_task(store(open_link, survey, comment="Hay una FUGA de água en la calle Ocho, soy Ana"))
    [message] = mail.outbox
    assert "watched word" in message.subject and "fuga de agua" in message.body
    assert "calle Ocho" not in message.body and "Ana" not in message.body
    assert Alert.objects.get().words == ["fuga de agua"]


def test_the_alert_is_rendered_in_the_language_the_person_chose(org, survey, open_link):
    subscribe(org.head_user, contact_request="immediate", language="es")
    run_alert_task(store(open_link, survey, contact=CONTACT))
    html = html_of(mail.outbox[0])
    assert '<html lang="es">' in html


# --- the daily digest ------------------------------------------------------------------------------------------


def test_the_digest_collects_the_days_alerts_and_is_not_sent_again(org, survey, open_link):
    subscribe(org.head_user, low_response="digest", contact_request="digest")
    first = store(open_link, survey, score=1)
    second = store(open_link, survey, score=2, contact=CONTACT)
    for response in (first, second):
        assert run_alert_task(response) == 0  # nothing at once
    assert mail.outbox == []
    today = date(2026, 12, 1)
    assert alerts.send_digests(day=today) == 1
    assert tasks.send_alert_digests() == 0  # the beat task, run again
    assert alerts.send_digests(day=today) == 0
    [digest] = mail.outbox
    assert "3 alerts" in digest.body
    assert digest.body.count(f"/responses/{first.pk}/") == 1 and digest.body.count(f"/responses/{second.pk}/") == 2
    assert "Ana" not in digest.body and "<mark>" not in html_of(digest)


def test_an_alert_raised_after_the_days_digest_went_out_goes_in_the_next_one(org, survey, open_link):
    subscribe(org.head_user, low_response="digest")
    run_alert_task(store(open_link, survey, score=1))
    assert alerts.send_digests(day=date(2026, 12, 1)) == 1
    late = store(open_link, survey, score=1)
    run_alert_task(late)
    assert alerts.send_digests(day=date(2026, 12, 1)) == 0
    assert alerts.send_digests(day=date(2026, 12, 2)) == 1
    assert f"/responses/{late.pk}/" in mail.outbox[1].body and "1 alert since" in mail.outbox[1].body


def test_a_failed_digest_is_sent_by_the_next_run(org, survey, open_link, monkeypatch):
    subscribe(org.head_user, low_response="digest")
    run_alert_task(store(open_link, survey, score=1))

    def refuse(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    assert alerts.send_digests(day=date(2026, 12, 1)) == 0
    monkeypatch.undo()
    assert alerts.send_digests(day=date(2026, 12, 2)) == 1
    assert len(mail.outbox) == 1 and AlertDigest.objects.filter(sent_at__isnull=False).count() == 1


# --- standards missed ------------------------------------------------------------------------------------------


@pytest.fixture
def missed(org):
    """Public Works promised 85 % satisfied and reached 70 % in the quarter that just ended."""
    standard = ServiceStandard.objects.create(
        department=org.public_works, title="Most residents leave satisfied", measure=StandardMeasure.SURVEY_DRIVER,
        driver="satisfaction", target=85, published=True,
    )  # fmt: skip
    StandardCompliance.objects.create(quarter=date(2026, 7, 1), standard=standard, measured=70, target=85, met=False)
    return standard


def test_a_standard_missed_for_the_quarter_is_told_once_to_the_heads_who_asked(org, missed, rep):
    subscribe(org.head_user, standard_missed="immediate")
    subscribe(org.other_head_user, standard_missed="immediate")  # Health: not theirs
    subscribe(rep, contact_request="immediate")
    immediate = alert_missed_standards(today=date(2026, 10, 5))
    assert tasks.send_alerts(immediate) == 1
    assert alert_missed_standards(today=date(2026, 10, 6)) == []  # the next night: raised and sent already
    assert tasks.send_alerts(immediate) == 0 and Alert.objects.count() == 1
    [message] = mail.outbox
    assert message.to == ["head@example.gov"] and "Most residents leave satisfied" in message.subject
    assert f"/reports/?department={org.public_works.pk}&period=q2026-07-01" in message.body


def test_a_standard_met_or_of_the_running_quarter_raises_nothing(org, missed):
    subscribe(org.head_user, standard_missed="immediate")
    assert alert_missed_standards(today=date(2026, 9, 30)) == []  # the quarter is not over
    StandardCompliance.objects.update(met=True)
    assert alert_missed_standards(today=date(2026, 10, 5)) == []
    assert not Alert.objects.exists()


def test_a_missed_standard_can_wait_for_the_digest(org, missed):
    subscribe(org.head_user, standard_missed=AlertDelivery.DIGEST)
    assert alert_missed_standards(today=date(2026, 10, 5)) == []
    assert alerts.send_digests(day=date(2026, 10, 5)) == 1
    assert "Standard missed: Most residents leave satisfied" in mail.outbox[0].body
    assert Alert.objects.get().kind == AlertKind.STANDARD_MISSED
