"""The resident's page /s/<token>/: status codes, validation, honeypot, rate limit, query count."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from surveys.models import (
    Answer,
    Audience,
    Compliment,
    LinkViewDay,
    QuestionKind,
    Response,
    SurveyLink,
    SurveyStatus,
)
from surveys.services import responses
from surveys.services.builder import create_a11_short_survey
from surveys.services.links import create_links, flush_link_views
from tests.surveys.conftest import answers_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def url(link):
    return reverse("surveys_public:respond", args=[link.token])


def test_form_shows_every_question_and_counts_the_view(client, open_link, survey):
    page = client.get(url(open_link))
    assert page.status_code == 200
    for question in survey.questions.all():
        assert question.text in page.content.decode()
    client.get(url(open_link))
    flush_link_views()  # views wait in Redis (when the suite has it) until the flush a minute later
    assert LinkViewDay.objects.get(link=open_link).views == 2


@pytest.mark.skipif(not settings.REDIS_URL, reason="without Redis a view is counted in the database")
def test_a_form_shown_before_costs_one_statement_and_writes_nothing(client, open_link, django_assert_num_queries):
    """The link's rows and page are kept per version (surveys/services/resident_forms.py, public_form.py): a
    second resident costs one statement, the link's version."""
    client.get(url(open_link))
    with django_assert_num_queries(1):
        assert client.get(url(open_link)).status_code == 200


@pytest.mark.skipif(not settings.REDIS_URL, reason="without Redis a view is counted in the database")
def test_a_new_form_costs_four_statements(client, open_link, django_assert_num_queries):
    # the version; then the link with its survey, service point and department; questions; staff
    with django_assert_num_queries(4):
        assert client.get(url(open_link)).status_code == 200


def test_a_submission_costs_six_statements(client, open_link, survey, django_assert_num_queries):
    client.get(url(open_link))  # a resident sees the form first
    answers = answers_post(survey)
    # the link's version; then the response and all its answers in one transaction (BEGIN, two INSERTs, the
    # comment themes to tag the comment with, COMMIT)
    with django_assert_num_queries(6):
        assert client.post(url(open_link), answers).status_code == 302


def test_spanish_from_the_browser(client, open_link):
    page = client.get(url(open_link), HTTP_ACCEPT_LANGUAGE="es")
    text = page.content.decode()
    assert "Estoy satisfecho con el servicio que recibí." in text
    assert "Muy de acuerdo" in text
    assert "Enviar mis respuestas" in text


def test_valid_submission_is_stored_with_computed_values(client, open_link, survey, org):
    page = client.post(url(open_link), answers_post(survey))
    assert page.status_code == 302
    assert page["Location"] == reverse("surveys_public:thanks", args=[open_link.token])
    response = Response.objects.get()
    assert (response.department, response.service_point, response.channel) == (org.water, org.counter, "counter")
    assert response.answers.count() == survey.questions.count()
    satisfaction = response.answers.get(driver="satisfaction")
    assert (satisfaction.number, satisfaction.score, satisfaction.satisfied) == (4, 4, True)
    comment = response.answers.get(question__kind=QuestionKind.LONG_TEXT)
    assert (comment.text, comment.satisfied, comment.score) == ("A helpful visit.", None, None)
    assert client.get(page["Location"]).status_code == 200


def test_unknown_token_is_a_404_page(client, db):
    page = client.get("/s/not-a-real-token/")
    assert page.status_code == 404
    assert "We could not find that page" in page.content.decode()


def test_closed_survey_is_410_and_stores_nothing(client, open_link, survey):
    survey.status = SurveyStatus.CLOSED
    survey.save()
    assert client.get(url(open_link)).status_code == 410
    assert client.post(url(open_link), answers_post(survey)).status_code == 410
    assert not Response.objects.exists()


def test_survey_past_its_closing_date_is_410(client, open_link, survey):
    from datetime import date

    survey.opens_on, survey.closes_on = date(2020, 1, 1), date(2020, 2, 1)
    survey.save()
    assert client.get(url(open_link)).status_code == 410


def test_used_single_use_link_is_409_and_stores_nothing(client, single_link, survey):
    assert client.post(url(single_link), answers_post(survey)).status_code == 302
    again = client.post(url(single_link), answers_post(survey))
    assert again.status_code == 409
    assert "already" in again.content.decode()
    assert Response.objects.count() == 1
    assert client.get(url(single_link)).status_code == 409


def test_a_link_claimed_by_a_simultaneous_submission_is_409_and_stores_nothing(
    client, single_link, survey, monkeypatch
):
    """The page read the link unused; another submission claims it before this one is stored."""
    SurveyLink.objects.filter(pk=single_link.pk).update(used_at=timezone.now())
    monkeypatch.setattr(responses, "check_link_takes_answers", lambda link: None)  # as read before the other's claim
    refused = client.post(url(single_link), answers_post(survey))
    assert refused.status_code == 409 and "already" in refused.content.decode()
    assert not Response.objects.exists()


def test_missing_required_answer_keeps_what_was_typed(client, open_link, survey):
    data = answers_post(survey)
    required = survey.questions.get(required=True)
    del data[f"q{required.pk}"]
    comment = survey.questions.get(kind=QuestionKind.LONG_TEXT)
    data[f"q{comment.pk}"] = "Mi comentario <b>importante</b>"
    page = client.post(url(open_link), data)
    text = page.content.decode()
    assert page.status_code == 400
    assert "Please answer this question." in text
    assert f'href="#q{required.pk}-0"' in text  # the summary links to the field
    assert f'aria-describedby="q{required.pk}-help q{required.pk}-error"' in text
    assert "Mi comentario &lt;b&gt;importante&lt;/b&gt;" in text  # kept, and escaped
    assert 'value="4" checked' in text
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "tamper, message",
    [
        (lambda data, q: data.update({"extra_field": "x"}), "fields we do not recognise"),
        (lambda data, q: data.update({f"q{q.agreement.pk}": "6"}), "Please choose one of the options given."),
        (lambda data, q: data.update({f"q{q.agreement.pk}": "four"}), "Please choose one of the options given."),
        (lambda data, q: data.update({f"q{q.comment.pk}": "x" * 1001}), "Please shorten your answer to 1000"),
    ],
)
def test_bad_values_are_rejected_with_a_message(client, open_link, survey, tamper, message):
    from types import SimpleNamespace

    questions = SimpleNamespace(
        agreement=survey.questions.filter(kind=QuestionKind.AGREEMENT).first(),
        comment=survey.questions.get(kind=QuestionKind.LONG_TEXT),
    )
    data = answers_post(survey)
    tamper(data, questions)
    page = client.post(url(open_link), data)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not Response.objects.exists()


def test_choice_outside_the_options_is_rejected(client, org):
    short = create_a11_short_survey(by=org.admin_user)
    short.status = SurveyStatus.LIVE
    short.save()
    link = create_links(survey=short, service_point=org.counter, by=org.admin_user)[0]
    trust, went_well = short.questions.order_by("order")[:2]
    page = client.post(url(link), {f"q{trust.pk}": "1", f"q{went_well.pk}": ["ease", "bribery"]})
    assert page.status_code == 400
    ok = client.post(url(link), {f"q{trust.pk}": "1", f"q{went_well.pk}": ["ease", "employee"]})
    assert ok.status_code == 302
    answer = Answer.objects.get(question=went_well)
    assert answer.choices == ["ease", "employee"]
    assert Answer.objects.get(question=trust).satisfied is True


def test_honeypot_gets_thanks_and_nothing_is_stored(client, open_link, survey):
    page = client.post(url(open_link), answers_post(survey, website="http://spam.example"))
    assert page.status_code == 200
    assert "Thank you" in page.content.decode()
    assert not Response.objects.exists()


def test_rate_limit_per_client(client, open_link, survey, settings, one_rate_window):
    for _attempt in range(10):
        assert client.post(url(open_link), answers_post(survey), REMOTE_ADDR="203.0.113.9").status_code == 302
    limited = client.post(url(open_link), answers_post(survey), REMOTE_ADDR="203.0.113.9")
    assert limited.status_code == 429
    assert Response.objects.count() == 10
    other = client.post(url(open_link), answers_post(survey), REMOTE_ADDR="203.0.113.10")
    assert other.status_code == 302


def test_behind_a_proxy_the_limit_keys_on_the_address_the_proxy_forwards(
    client, open_link, survey, settings, one_rate_window
):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request reaches us from the proxy
    for _attempt in range(10):
        client.post(url(open_link), answers_post(survey), HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", **proxy)
    spoofed = client.post(url(open_link), answers_post(survey), HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9", **proxy)
    assert spoofed.status_code == 429  # a made-up first entry does not escape the limit
    other = client.post(url(open_link), answers_post(survey), HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy)
    assert other.status_code == 302


def test_no_address_or_user_agent_is_stored(client, open_link, survey):
    client.post(url(open_link), answers_post(survey), REMOTE_ADDR="198.51.100.77", HTTP_USER_AGENT="SecretBrowser/9")
    with connection.cursor() as cursor:
        for table in ("surveys_response", "surveys_answer", "surveys_linkviewday"):
            cursor.execute(f"SELECT * FROM {table}")
            dump = repr(cursor.fetchall())
            assert "198.51.100.77" not in dump and "SecretBrowser" not in dump


def test_contact_details_only_with_consent(client, open_link, survey):
    client.post(url(open_link), answers_post(survey, contact_email="me@example.com", contact_name="Ana"))
    response = Response.objects.get()
    assert not response.wants_contact and response.contact_email == "" and response.contact_name == ""


def test_consent_without_a_way_to_reach_is_an_error(client, open_link, survey):
    page = client.post(url(open_link), answers_post(survey, wants_contact="yes", contact_name="Ana"))
    assert page.status_code == 400
    assert "email address or a phone number" in page.content.decode()


def test_compliment_picked_from_the_staff_list(client, open_link, survey, org):
    org.counter.staff.add(org.water_worker)
    client.post(url(open_link), answers_post(survey, compliment_employee=str(org.water_worker.pk)))
    compliment = Compliment.objects.get()
    assert compliment.employee == org.water_worker and compliment.status == "pending"
    assert compliment.named_text == org.water_worker.full_name


def test_compliment_for_someone_not_at_this_service_point_is_refused(client, open_link, survey, org):
    page = client.post(url(open_link), answers_post(survey, compliment_employee=str(org.clinic_worker.pk)))
    assert page.status_code == 400
    assert not Compliment.objects.exists()


def _count_submit_queries(client, link, survey) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert (
            client.post(
                url(link),
                answers_post(
                    survey, wants_contact="yes", contact_email="a@example.com", compliment_name="The tall one"
                ),
            ).status_code
            == 302
        )
    return len(captured)


def test_submit_runs_a_fixed_number_of_queries(client, open_link, survey, django_capture_on_commit_callbacks):
    first = _count_submit_queries(client, open_link, survey)
    for order in range(10):
        survey.questions.create(kind=QuestionKind.STARS, text=f"Extra {order}", order=20 + order)
    second = _count_submit_queries(client, open_link, survey)
    assert first == second
    assert second <= 12


@pytest.mark.parametrize("picked", ["¹", "x", "-1", "99999999"])
def test_odd_staff_choice_is_a_clear_error_not_a_crash(client, open_link, survey, picked):
    page = client.post(url(open_link), answers_post(survey, compliment_employee=picked))
    assert page.status_code == 400 and "Please choose a name from the list." in page.content.decode()


def test_internal_customer_survey_tells_staff_who_they_are_rating(client, open_link, survey):
    assert "For county staff" not in client.get(url(open_link)).content.decode()
    survey.audience = Audience.INTERNAL
    survey.save()
    assert "For county staff:" in client.get(url(open_link)).content.decode()
    assert "Para el personal del condado:" in client.get(url(open_link), HTTP_ACCEPT_LANGUAGE="es").content.decode()
