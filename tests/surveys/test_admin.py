"""Django admin keeps the builder's rule: questions of a survey with responses keep their kind and stay."""

import pytest
from django.urls import reverse

from surveys.models import A11_MAX_QUESTIONS, Question, QuestionKind
from surveys.services.builder import add_question
from surveys.services.responses import submit_response
from tests.surveys.test_services import answers_for

pytestmark = pytest.mark.django_db


def change_form_post(page) -> dict:
    """What a browser would send back from an admin change page, unchanged."""
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {formset.management_form.add_prefix(name): value for name, value in formset.management_form.initial.items()}
        )
        forms += formset.forms
    for form in forms:
        for name, field in form.fields.items():
            value = field.prepare_value(form[name].value())
            if value not in (None, False):
                data[form.add_prefix(name)] = "on" if value is True else value
    return data


def edit_survey_in_admin(client, org, survey) -> str:
    """Change the first question's kind and tick "delete" on the second; return the page before saving."""
    client.force_login(org.admin_user)
    url = reverse("admin:surveys_survey_change", args=[survey.pk])
    page = client.get(url)
    data = change_form_post(page)
    data["questions-0-kind"] = QuestionKind.STARS
    data["questions-1-DELETE"] = "on"
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["errors"] if saved.context else saved
    return page.content.decode()


def test_admin_may_change_and_delete_questions_while_the_survey_has_no_responses(client, org, survey):
    first, second = survey.questions.all()[:2]
    html = edit_survey_in_admin(client, org, survey)
    assert 'name="questions-1-DELETE"' in html
    first.refresh_from_db()
    assert first.kind == QuestionKind.STARS
    assert not Question.objects.filter(pk=second.pk).exists()


def test_admin_cannot_change_kind_or_delete_questions_once_the_survey_has_responses(client, org, survey, open_link):
    submit_response(link=open_link, answers=answers_for(survey), language="en")
    first, second = survey.questions.all()[:2]
    html = edit_survey_in_admin(client, org, survey)
    assert 'name="questions-1-DELETE"' not in html
    assert 'name="questions-0-kind"' in html and "disabled" in html.split('name="questions-0-kind"')[1][:200]
    first.refresh_from_db()
    assert first.kind == QuestionKind.AGREEMENT
    assert Question.objects.filter(pk=second.pk).exists()


def test_question_admin_shows_kind_read_only_and_offers_no_delete_once_answered(client, org, survey, open_link):
    submit_response(link=open_link, answers=answers_for(survey), language="en")
    question = survey.questions.first()
    client.force_login(org.admin_user)
    page = client.get(reverse("admin:surveys_question_change", args=[question.pk]))
    assert 'name="kind"' not in page.content.decode()
    assert client.get(reverse("admin:surveys_question_delete", args=[question.pk])).status_code == 403
    changelist = client.get(reverse("admin:surveys_question_changelist"))
    assert "delete_selected" not in changelist.content.decode()


def add_question_in_admin(client, survey):
    url = reverse("admin:surveys_survey_change", args=[survey.pk])
    data = change_form_post(client.get(url))
    new = survey.questions.count()
    data["questions-TOTAL_FORMS"] = new + 1
    data.update(
        {
            f"questions-{new}-{name}": value
            for name, value in {
                "order": 99,
                "kind": QuestionKind.SHORT_TEXT,
                "text_en": "Which branch?",
                "text_es": "¿Qué sucursal?",
                "char_limit": 1000,
                "options": "[]",
            }.items()
        }
    )
    return client.post(url, data)


def test_admin_keeps_an_a11_survey_to_fifteen_questions(client, org, survey):
    for index in range(A11_MAX_QUESTIONS - 1 - survey.questions.count()):
        add_question(
            survey=survey, fields={"kind": QuestionKind.SHORT_TEXT, "text": f"Extra {index}"}, by=org.admin_user
        )
    client.force_login(org.admin_user)
    assert add_question_in_admin(client, survey).status_code == 302
    assert survey.questions.count() == A11_MAX_QUESTIONS
    refused = add_question_in_admin(client, survey)
    assert refused.status_code == 200 and "at most 15" in refused.content.decode()
    assert survey.questions.count() == A11_MAX_QUESTIONS
    alone = client.post(
        reverse("admin:surveys_question_add"),
        {
            "survey": survey.pk,
            "kind": QuestionKind.SHORT_TEXT,
            "text_en": "One more",
            "text_es": "Una más",
            "order": 20,
            "char_limit": 1000,
            "options": "[]",
        },
    )
    assert alone.status_code == 200 and "at most 15 questions" in alone.content.decode()
    assert survey.questions.count() == A11_MAX_QUESTIONS
