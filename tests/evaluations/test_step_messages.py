"""After each step of an evaluation the page says what happened and who has the evaluation now, by name;
history and approvals name people, not their usernames."""

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from django.urls import reverse

from evaluations.models import Evaluation, EvaluationStatus
from evaluations.services import workflow
from evaluations.services.cycles import open_cycle
from org.roles import Role
from tests.evaluations.builders import make_template, open_for, ratings
from tests.factories import make_employee, make_user

pytestmark = pytest.mark.django_db
Status = EvaluationStatus


@pytest.fixture
def rita(org):
    """Rita works in the Clinic; her supervisor Sam (not a head) rates her, and Hank, head of Health, reviews."""
    cycle = open_for(org)
    sam = make_employee(org.clinic, "Sam", "Supervisor")
    rita = make_employee(org.clinic, "Rita", "Report", supervisor=sam)
    make_user("sam", Role.EMPLOYEE, employee=sam)
    make_user("rita", Role.EMPLOYEE, employee=rita)
    open_cycle(cycle=cycle, departments=[org.clinic], by=org.hr_user, default_template=make_template("More"))
    return Evaluation.objects.get(employee=rita)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _rate(client, user, evaluation, value="4", action="submit"):
    client.force_login(user)
    data = {f"rating_{score.pk}": value for score in evaluation.scores.all()} | {"action": action}
    url = reverse("evaluations:evaluation_form_step", args=[evaluation.pk, "rate"])
    return client.post(url, data, follow=True)


def test_submitting_ratings_says_the_evaluation_is_now_with_the_reviewing_head(client, org, rita):
    response = _rate(client, User.objects.get(username="sam"), rita)
    assert _messages(response) == ["Ratings submitted: the evaluation is now with Hank Head for review."]


def test_saving_a_draft_says_it_is_only_saved(client, org, rita):
    response = _rate(client, User.objects.get(username="sam"), rita, action="save")
    assert _messages(response) == ["Ratings saved as a draft. Submit them when every criterion is rated."]


def test_a_result_below_expectations_goes_to_hr_and_says_so(client, org, rita):
    response = _rate(client, User.objects.get(username="sam"), rita, value="1")
    assert _messages(response) == [
        "Ratings submitted: the result is below expectations, so the evaluation is now with HR staff to check."
    ]


def test_where_no_head_may_review_the_message_names_hr(client, org):
    open_for(org)
    walter = Evaluation.objects.get(employee=org.water_worker)  # rated by Paula Head, with no head above her
    response = _rate(client, org.hr_user, walter)
    assert _messages(response) == ["Ratings submitted: the evaluation is now with HR staff for review."]


def test_completing_the_review_says_it_went_to_hr_to_finalise(client, org, rita):
    workflow.save_ratings(
        evaluation=rita, by=User.objects.get(username="sam"), ratings=ratings(rita, 4, 4, 4, 4), submit=True
    )
    client.force_login(org.other_head_user)
    url = reverse("evaluations:evaluation_form_step", args=[rita.pk, "review"])
    data = {f"final_{score.pk}": score.final_rating for score in rita.scores.all()}
    response = client.post(url, data, follow=True)
    assert _messages(response) == ["Review complete: the evaluation is now with HR staff to finalise."]


def test_each_one_button_step_names_the_next_holder(client, org, rita):
    client.force_login(org.hr_user)

    def step(name, **data):
        url = reverse("evaluations:evaluation_step", args=[rita.pk, name])
        return _messages(client.post(url, data, follow=True))

    assert step("request_self") == [
        "Self-evaluation requested: the evaluation is now with Rita Report for their self-evaluation."
    ]
    Evaluation.objects.filter(pk=rita.pk).update(status=Status.REVIEWED)
    assert step("finalise") == ["Finalised: the evaluation stays with HR staff until it is released to Rita Report."]
    assert step("release") == ["Released: the evaluation is now with Rita Report to read and acknowledge."]
    assert step("reopen", comment="A rating was typed wrong.") == [
        "Reopened: the evaluation is now with Hank Head for review."
    ]


def test_history_shows_peoples_names_not_usernames(client, org):
    open_for(org)
    walter = Evaluation.objects.get(employee=org.water_worker)
    workflow.save_ratings(evaluation=walter, by=org.hr_user, ratings=ratings(walter, 4, 4, 4, 4), submit=True)
    client.force_login(org.hr_user)
    page = client.get(reverse("evaluations:evaluation_detail", args=[walter.pk])).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert "<td>Harriet Resources</td>" in history
    assert "<td>hr</td>" not in history


def test_person_name_falls_back_to_the_username_only_without_a_name(org):
    robot = User.objects.create_user("import-bot")
    named = User.objects.create_user("jdoe", first_name="Jane", last_name="Doe")
    rendered = Template(
        "{% load people %}{{ a|person_name }}/{{ b|person_name }}/{{ c|person_name }}/{{ d|person_name }}"
    )
    text = rendered.render(Context({"a": org.hr_user, "b": robot, "c": named, "d": None}))
    assert text == "Harriet Resources/import-bot/Jane Doe/"
