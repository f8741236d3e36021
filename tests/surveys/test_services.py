"""The rules of building surveys, issuing links and storing submissions, called directly."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from org.models import A11Driver
from org.roles import Role
from surveys import triage
from surveys.models import (
    A11_MAX_QUESTIONS,
    LinkKind,
    LinkViewDay,
    QuestionKind,
    Response,
    SurveyStatus,
)
from surveys.services.builder import (
    SURVEY_LOCKED,
    add_question,
    copy_survey,
    create_a11_short_survey,
    create_a11_survey,
    move_question,
    remove_question,
    update_question,
    update_survey,
)
from surveys.services.links import create_links, flush_link_views, record_link_view
from surveys.services.responses import LINK_ALREADY_USED, SURVEY_NOT_ACCEPTING, satisfaction_of, submit_response
from surveys.submission import AnswerValue

pytestmark = pytest.mark.django_db


def answers_for(survey, number=4, text="ok"):
    return [AnswerValue(q, number=number) if q.scale else AnswerValue(q, text=text) for q in survey.questions.all()]


def test_a11_survey_has_seven_drivers_and_a_comment_in_both_languages(org):
    survey = create_a11_survey(by=org.admin_user)
    questions = list(survey.questions.all())
    assert [q.driver for q in questions[:7]] == [driver.value for driver in A11Driver]
    assert all(q.kind == QuestionKind.AGREEMENT for q in questions[:7])
    assert questions[7].kind == QuestionKind.LONG_TEXT and questions[7].driver == ""
    assert all(q.text_en and q.text_es for q in questions)
    assert survey.title_es and survey.thank_you_es and survey.privacy_notice_es


def test_short_form_has_trust_and_two_checklists(org):
    survey = create_a11_short_survey(by=org.admin_user)
    trust, went_well, did_not, _comment = survey.questions.all()
    assert (trust.kind, trust.driver) == (QuestionKind.THUMBS, A11Driver.TRUST)
    assert went_well.kind == did_not.kind == QuestionKind.MULTIPLE_CHOICE
    assert "humanity" in went_well.option_values() and all(o["es"] for o in went_well.options)


def test_a11_survey_is_limited_to_fifteen_questions(org):
    survey = create_a11_survey(by=org.admin_user)
    for index in range(A11_MAX_QUESTIONS - survey.questions.count()):
        add_question(
            survey=survey, fields={"kind": QuestionKind.SHORT_TEXT, "text": f"Extra {index}"}, by=org.admin_user
        )
    with pytest.raises(ValidationError, match="at most 15"):
        add_question(survey=survey, fields={"kind": QuestionKind.SHORT_TEXT, "text": "One too many"}, by=org.admin_user)


def test_questions_of_a_survey_with_responses_cannot_be_removed_or_change_kind(survey, open_link, org):
    submit_response(link=open_link, answers=answers_for(survey), language="en")
    question = survey.questions.first()
    with pytest.raises(ValidationError) as refused:
        remove_question(question=question, by=org.admin_user)
    assert refused.value.code == SURVEY_LOCKED
    with pytest.raises(ValidationError) as refused:
        update_question(question=question, fields={"kind": QuestionKind.STARS}, by=org.admin_user)
    assert refused.value.code == SURVEY_LOCKED
    update_question(
        question=question,
        fields={
            "kind": QuestionKind.AGREEMENT,  # rewording is fine
            "text_en": "Reworded statement.",
        },
        by=org.admin_user,
    )


def test_copy_makes_a_new_draft_version_with_the_same_questions(survey, org):
    copy = copy_survey(survey=survey, by=org.admin_user)
    assert (copy.version, copy.status, copy.previous_version) == (2, SurveyStatus.DRAFT, survey)
    assert [q.text_es for q in copy.questions.all()] == [q.text_es for q in survey.questions.all()]
    assert survey.questions.count() == 8


def test_a_survey_cannot_close_before_it_opens_whoever_calls_the_service(survey, org):
    with pytest.raises(ValidationError) as refused:
        update_survey(
            survey=survey, fields={"opens_on": date(2026, 5, 2), "closes_on": date(2026, 5, 1)}, by=org.admin_user
        )
    assert "closes_on" in refused.value.message_dict
    survey.refresh_from_db()
    assert survey.closes_on is None


def test_a_copy_is_made_by_the_person_who_copied_and_changed_by_the_last_to_edit(survey, org, user_factory):
    rosa = user_factory("rosa", Role.PROGRAM_ADMIN)
    copy = copy_survey(survey=survey, by=rosa)
    assert (copy.created_by, copy.updated_by) == (rosa, rosa)
    last = copy.questions.last()
    assert last is not None
    move_question(question=last, up=True, by=org.admin_user)
    copy.refresh_from_db()
    assert (copy.created_by, copy.updated_by) == (rosa, org.admin_user)


def test_move_question_swaps_with_its_neighbour(survey, org):
    first, second = survey.questions.all()[:2]
    move_question(question=second, up=True, by=org.admin_user)
    assert list(survey.questions.all()[:2]) == [second, first]


def test_tokens_are_long_random_and_unique(survey, org):
    links = create_links(
        survey=survey, service_point=org.counter, kind=LinkKind.SINGLE_USE, count=500, by=org.admin_user
    )
    tokens = {link.token for link in links}
    assert len(tokens) == 500
    assert all(len(token) >= 32 for token in tokens)  # 24 random bytes = 192 bits


def test_link_views_are_counted_per_local_day(open_link):
    record_link_view(link=open_link)
    record_link_view(link=open_link)
    flush_link_views()
    row = LinkViewDay.objects.get()
    assert (row.day, row.views) == (timezone.localdate(), 2)


@pytest.mark.skipif(not settings.REDIS_URL, reason="views go straight to the database without Redis")
def test_link_views_wait_in_redis_until_flushed_and_are_added_once(open_link, django_assert_num_queries):
    with django_assert_num_queries(0):  # a view of the form writes nothing to the database
        record_link_view(link=open_link)
    assert not LinkViewDay.objects.exists()
    assert flush_link_views() == 1
    record_link_view(link=open_link)
    assert flush_link_views() == 1
    assert flush_link_views() == 0  # nothing left to add twice
    assert LinkViewDay.objects.get(link=open_link).views == 2


def test_link_views_go_to_the_database_while_redis_is_down(open_link, redis_down):
    record_link_view(link=open_link)
    assert LinkViewDay.objects.get(link=open_link).views == 1


@pytest.mark.parametrize(
    "kind, number, expected",
    [
        (QuestionKind.AGREEMENT, 5, (True, 5)),
        (QuestionKind.AGREEMENT, 4, (True, 4)),
        (QuestionKind.AGREEMENT, 3, (False, 3)),
        (QuestionKind.STARS, 2, (False, 2)),
        (QuestionKind.THUMBS, 1, (True, None)),
        (QuestionKind.THUMBS, 0, (False, None)),
        (QuestionKind.LIKELIHOOD, 9, (None, None)),
        (QuestionKind.LONG_TEXT, None, (None, None)),
    ],
)
def test_satisfied_and_score(kind, number, expected):
    assert satisfaction_of(kind, number) == expected


def test_submission_copies_where_it_was_given(survey, open_link, org):
    response = submit_response(link=open_link, answers=answers_for(survey), language="es")
    org.counter.department = org.clinic  # moving the service point later never rewrites history
    org.counter.save()
    response.refresh_from_db()
    assert response.department == org.water and response.language == "es"
    assert response.answers.get(driver="employee").score == 4


def test_closed_or_future_survey_refuses_submissions(survey, open_link):
    survey.opens_on = timezone.localdate() + timedelta(days=1)
    survey.save()
    with pytest.raises(ValidationError) as refused:
        submit_response(link=open_link, answers=answers_for(survey), language="en")
    assert refused.value.code == SURVEY_NOT_ACCEPTING


def test_single_use_link_takes_one_response(survey, single_link):
    submit_response(link=single_link, answers=answers_for(survey), language="en")
    with pytest.raises(ValidationError) as refused:
        submit_response(link=single_link, answers=answers_for(survey), language="en")
    assert refused.value.code == LINK_ALREADY_USED
    assert Response.objects.count() == 1


def test_broker_outage_keeps_the_response_and_the_resend_sends_it_later(
    survey, open_link, org, monkeypatch, django_capture_on_commit_callbacks
):
    from surveys import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.send_contact_email, "apply_async", broker_down)
    org.water.email = "water@example.gov"
    org.water.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_response(
            link=open_link, answers=answers_for(survey), language="en", contact={"contact_email": "ana@example.com"}
        )
    assert Response.objects.filter(pk=response.pk, wants_contact=True, contact_email_sent_at__isnull=True).exists()
    assert mail.outbox == []
    Response.objects.filter(pk=response.pk).update(submitted_at=timezone.now() - timedelta(hours=1))
    assert triage.resend_contact_emails() == 1
    assert mail.outbox[0].to == ["water@example.gov"]
    assert triage.resend_contact_emails() == 0  # sent once, never twice


def test_contact_email_goes_to_the_nearest_customer_relations_rep(survey, open_link, org):
    org.pw_head.work_email = "rep@example.gov"
    org.pw_head.save()
    org.public_works.customer_relations_rep = org.pw_head
    org.public_works.save()
    response = submit_response(
        link=open_link, answers=answers_for(survey), language="en", contact={"contact_phone": "555-1234"}
    )
    assert triage.email_contact_request(response_id=response.pk)
    assert mail.outbox[0].to == ["rep@example.gov"] and "555-1234" in mail.outbox[0].body
    assert not triage.email_contact_request(response_id=response.pk)


def test_reportable_excludes_spam_and_deleted(survey, open_link, org):
    kept, spam, deleted = (
        submit_response(link=open_link, answers=answers_for(survey), language="en") for _index in range(3)
    )
    triage.switch(responses=Response.objects.filter(pk=spam.pk), action="spam", by=org.admin_user)
    triage.delete_responses(responses=Response.objects.filter(pk=deleted.pk), by=org.admin_user)
    assert list(Response.objects.reportable()) == [kept]


def test_driver_results_and_confirmed_compliments_for_evaluations(survey, open_link, clinic_link, org):
    from surveys.evidence import confirmed_compliments, driver_results

    submit_response(
        link=open_link, answers=answers_for(survey, number=5), language="en", compliment_employee=org.water_worker
    )
    submit_response(link=open_link, answers=answers_for(survey, number=2), language="en")
    submit_response(link=clinic_link, answers=answers_for(survey, number=5), language="en")
    today = timezone.localdate()
    water = driver_results(departments=[org.water], start=today, end=today)
    assert water["satisfaction"] == {"answers": 2, "satisfied": 1, "share": Decimal("50.0")}
    assert set(water) == {driver.value for driver in A11Driver}
    assert driver_results(service_points=[org.clinic_desk], start=today, end=today)["employee"]["satisfied"] == 1
    assert driver_results(start=date(2000, 1, 1), end=date(2000, 1, 2)) == {}
    compliment = org.water_worker.compliments.get()
    assert not confirmed_compliments(employee=org.water_worker, start=today, end=today).exists()
    triage.decide_compliment(compliment=compliment, employee=org.water_worker, by=org.head_user)
    assert list(confirmed_compliments(employee=org.water_worker, start=today, end=today)) == [compliment]
