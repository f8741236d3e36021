"""The evidence panel: survey results, compliments and training for the cycle's period, read-only."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.evidence import evidence_for
from evaluations.models import Evaluation
from surveys import triage
from surveys.models import SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links
from surveys.services.responses import submit_response
from surveys.submission import AnswerValue
from tests.evaluations.builders import make_cycle, open_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(org):
    """Walter serves at the water counter; two residents answered there today, one naming him."""
    today = timezone.localdate()
    cycle = make_cycle()
    cycle.period_start, cycle.period_end = today - timedelta(days=30), today
    cycle.save()
    open_for(org, cycle=cycle)
    org.counter.staff.add(org.water_worker)
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]

    def answers(number):
        return [AnswerValue(q, number=number) if q.scale else AnswerValue(q, text="ok") for q in survey.questions.all()]

    submit_response(link=link, answers=answers(5), language="en", compliment_employee=org.water_worker)
    submit_response(link=link, answers=answers(2), language="en")
    triage.decide_compliment(compliment=org.water_worker.compliments.get(), employee=org.water_worker, by=org.head_user)
    return Evaluation.objects.select_related("cycle", "employee", "department").get(employee=org.water_worker)


def test_the_panel_gathers_the_facts_of_the_cycles_period(evaluation):
    facts = evidence_for(evaluation)
    satisfaction, helpfulness = facts["point_results"]
    assert (satisfaction["driver"], satisfaction["answers"], satisfaction["share"]) == (
        "Satisfaction",
        2,
        Decimal("50.0"),
    )
    assert helpfulness["driver"] == "Employee helpfulness"
    assert facts["department_results"][0]["share"] == Decimal("50.0")
    assert facts["compliment_count"] == 1
    assert facts["training"]["hours"] == Decimal("0.00")


def test_facts_outside_the_period_are_left_out(evaluation):
    evaluation.cycle.period_end = timezone.localdate() - timedelta(days=1)
    facts = evidence_for(evaluation)
    assert facts["point_results"][0]["answers"] == 0 and facts["compliment_count"] == 0


def test_the_rater_sees_the_panel_with_sources_and_it_changes_no_score(client, org, evaluation):
    client.force_login(org.head_user)
    page = client.get(reverse("evaluations:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert "Evidence for the customer-service criteria" in page
    assert "Source: resident surveys" in page and "50.0 % (2)" in page and "1 confirmed compliment." in page
    evaluation.refresh_from_db()
    assert evaluation.score is None and evaluation.customer_service_score is None


def test_the_rater_is_told_the_service_points_share_rests_on_two_responses(client, org, evaluation, settings):
    settings.SMALL_SAMPLE_MIN_RESPONSES = 30
    client.force_login(org.head_user)
    url = reverse("evaluations:evaluation_detail", args=[evaluation.pk])
    page = client.get(url).content.decode()
    assert "50.0 % (2) <span" in page and "low confidence: 2 responses" in page
    settings.SMALL_SAMPLE_MIN_RESPONSES = 2  # two answers are now enough
    assert "low confidence" not in client.get(url).content.decode()
