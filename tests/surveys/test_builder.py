"""The survey builder's pages: they say who made and changed a survey, and show the services' refusals."""

import pytest
from django.urls import reverse

from org.roles import Role
from surveys.models import A11_MAX_QUESTIONS, QuestionKind, Survey
from surveys.services.builder import add_question
from surveys.services.responses import submit_response
from tests.surveys.test_services import answers_for

pytestmark = pytest.mark.django_db

BRANCH_QUESTION = {
    "kind": QuestionKind.SHORT_TEXT,
    "text_en": "Which branch?",
    "text_es": "¿Qué sucursal?",
    "char_limit": 1000,
}


def test_the_survey_page_says_who_made_it_and_who_last_changed_its_questions(client, org, user_factory):
    client.force_login(org.admin_user)
    client.post(
        reverse("surveys:survey_create"),
        {"title_en": "Library visit", "title_es": "Visita a la biblioteca", "audience": "residents", "status": "draft"},
    )
    survey = Survey.objects.get()
    client.force_login(user_factory("rosa", Role.PROGRAM_ADMIN))
    assert client.post(reverse("surveys:question_create", args=[survey.pk]), BRANCH_QUESTION).status_code == 302
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "Created by admin on" in page and "Last changed by rosa on" in page


def test_an_edit_of_the_texts_names_who_saved_it(client, org, survey, user_factory):
    client.force_login(user_factory("rosa", Role.PROGRAM_ADMIN))
    saved = client.post(
        reverse("surveys:survey_edit", args=[survey.pk]),
        {"title_en": "Water counter", "title_es": "Mostrador de agua", "audience": "residents", "status": "live"},
    )
    assert saved.status_code == 302
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "Water counter" in page and "Last changed by rosa on" in page


def test_a_sixteenth_question_is_refused_on_the_form_with_what_was_typed(client, org, survey):
    for index in range(A11_MAX_QUESTIONS - survey.questions.count()):
        add_question(
            survey=survey, fields={"kind": QuestionKind.SHORT_TEXT, "text": f"Extra {index}"}, by=org.admin_user
        )
    client.force_login(org.admin_user)
    refused = client.post(reverse("surveys:question_create", args=[survey.pk]), BRANCH_QUESTION)
    page = refused.content.decode()
    assert refused.status_code == 400 and "at most 15 questions" in page and "¿Qué sucursal?" in page
    assert survey.questions.count() == A11_MAX_QUESTIONS


def test_removing_a_question_of_an_answered_survey_is_refused_with_a_message(client, org, survey, open_link):
    submit_response(link=open_link, answers=answers_for(survey), language="en")
    question = survey.questions.first()
    client.force_login(org.admin_user)
    page = client.post(reverse("surveys:question_remove", args=[question.pk]), follow=True).content.decode()
    assert "its questions cannot be removed" in page
    assert survey.questions.filter(pk=question.pk).exists()


def test_a_link_remembers_the_head_who_made_it(client, org, survey):
    client.force_login(org.head_user)
    client.post(
        reverse("surveys:link_create", args=[survey.pk]), {"service_point": org.counter.pk, "kind": "open", "count": 1}
    )
    assert survey.links.get().created_by == org.head_user
