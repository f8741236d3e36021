"""An open link's form is read and rendered once per version and kept (surveys/services/resident_forms.py and
public_form.py): whatever a survey builder, a translator or a manager changes shows on the next visit, a closed
link or survey is refused at once, and a kept page never carries one resident's answers, errors or CSRF token
to another."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from surveys.models import Question, QuestionKind, SurveyStatus
from tests.surveys.conftest import answers_post

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def form(client, link, **headers) -> str:
    page = client.get(reverse("surveys_public:respond", args=[link.token]), **headers)
    assert page.status_code == 200
    return page.content.decode()


def test_an_edited_question_shows_at_once(client, open_link, survey):
    form(client, open_link)
    question = survey.questions.first()
    question.text_en = "How quickly were you served today?"
    question.help_text_en = "Counting from when you arrived."
    question.save()
    page = form(client, open_link)
    assert "How quickly were you served today?" in page
    assert "Counting from when you arrived." in page


def test_an_added_or_removed_question_shows_at_once(client, open_link, survey):
    form(client, open_link)
    added = Question.objects.create(survey=survey, kind=QuestionKind.SHORT_TEXT, text="Which office?", order=99)
    assert "Which office?" in form(client, open_link)
    added.delete()
    assert "Which office?" not in form(client, open_link)


def test_a_changed_translation_shows_in_its_language_only(client, open_link, survey):
    question = survey.questions.first()
    form(client, open_link, HTTP_ACCEPT_LANGUAGE="en")
    form(client, open_link, HTTP_ACCEPT_LANGUAGE="es")
    question.text_es = "¿Le atendimos con rapidez?"
    question.save()
    assert "¿Le atendimos con rapidez?" in form(client, open_link, HTTP_ACCEPT_LANGUAGE="es")
    english = form(client, open_link, HTTP_ACCEPT_LANGUAGE="en")
    assert question.text_en in english and "¿Le atendimos con rapidez?" not in english


def test_the_staff_list_follows_the_service_point(client, open_link, org):
    assert "Walter Worker" not in form(client, open_link)
    org.counter.staff.add(org.water_worker)
    assert "Walter Worker" in form(client, open_link)
    org.water_worker.first_name = "Walt"
    org.water_worker.save()
    page = form(client, open_link)
    assert "Walt Worker" in page and "Walter Worker" not in page
    org.water_worker.active = False
    org.water_worker.save()
    assert "Walt Worker" not in form(client, open_link)


def test_a_form_sent_back_with_errors_is_not_kept_for_the_next_resident(client, open_link, survey):
    """What one resident typed, and their errors, never reach another's blank form."""
    client.post(
        reverse("surveys_public:respond", args=[open_link.token]),
        {"contact_name": "Rosa Private", "wants_contact": "yes"},
    )
    page = form(client, open_link)
    assert "Rosa Private" not in page
    assert 'aria-invalid="true"' not in page


def test_each_visitor_gets_their_own_csrf_token(client, open_link):
    first = TOKEN.search(form(client, open_link)).group(1)
    second = TOKEN.search(form(Client(), open_link)).group(1)
    assert first != second


def test_both_tokens_of_a_kept_page_work(client, open_link, survey):
    """The language switch and the form each carry the visitor's token in place of the kept page's marker."""
    page = form(client, open_link)
    tokens = set(TOKEN.findall(page))
    assert len(TOKEN.findall(page)) == 2 and len(tokens) == 1 and "csrftokenmark" not in page
    checked = Client(enforce_csrf_checks=True)
    page = form(checked, open_link)
    posted = checked.post(
        reverse("surveys_public:respond", args=[open_link.token]),
        {**answers_post(survey), "csrfmiddlewaretoken": TOKEN.search(page).group(1)},
    )
    assert posted.status_code == 302


def test_a_closed_link_or_survey_is_refused_at_once(client, open_link, survey):
    form(client, open_link)
    survey.status = SurveyStatus.CLOSED
    survey.save()
    assert client.get(reverse("surveys_public:respond", args=[open_link.token])).status_code == 410
    survey.status = SurveyStatus.LIVE
    survey.save()
    form(client, open_link)
    open_link.active = False
    open_link.save()
    assert client.get(reverse("surveys_public:respond", args=[open_link.token])).status_code == 404


def test_a_page_kept_for_one_website_page_is_not_served_for_another(client, open_link):
    """The form posts back the feedback button's page, so each page's form is its own."""
    address = reverse("surveys_public:respond", args=[open_link.token])
    first = client.get(address, {"page": "/water/"}).content.decode()
    second = client.get(address, {"page": "/parks/"}).content.decode()
    assert "%2Fwater%2F" in first and "%2Fparks%2F" in second and "%2Fwater%2F" not in second
