"""A Spanish-speaking employee reads their evaluation in Spanish: the cycle, the criteria and the summary rating,
with the English text wherever nobody wrote the Spanish. Whatever language HR or a supervisor works in, the
band an evaluation and a merit rule store stays the English key."""

import pytest
from django.urls import reverse
from django.utils import translation

from evaluations.models import Criterion, Evaluation, EvaluationStatus, RatingBand
from evaluations.services import workflow
from evaluations.services.pay import create_pay_plan
from tests.evaluations.builders import make_cycle, make_template, open_for, ratings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_by_default():
    """Rows are made in English, as seed data and HR's English pages make them (a page read in Spanish leaves
    Spanish active in the test's thread)."""
    with translation.override("en"):
        yield


@pytest.fixture
def spanish_cycle():
    cycle = make_cycle(name="FY2026")
    cycle.name_es = "Año fiscal 2026"
    cycle.save()
    RatingBand.objects.filter(cycle=cycle, name_en="Exceeds").update(name_es="Supera las expectativas")
    return cycle


@pytest.fixture
def spanish_template():
    template = make_template()
    Criterion.objects.filter(template=template, name_en="Courtesy and respect").update(
        name_es="Cortesía y respeto", description_es="Paciencia con cada residente."
    )
    return template  # "Accuracy" and the others have no Spanish


def released_evaluation(org, cycle, template) -> Evaluation:
    open_for(org, cycle, template)
    evaluation = Evaluation.objects.get(employee=org.water_worker)
    workflow.save_ratings(evaluation=evaluation, by=org.hr_user, ratings=ratings(evaluation, 4, 4, 4, 4), submit=True)
    Evaluation.objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.FINALISED)
    workflow.release_evaluation(evaluation=evaluation, by=org.hr_user)
    return evaluation


def read(client, user, url, language):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_an_employee_reads_the_cycle_criteria_and_band_of_their_evaluation_in_spanish(
    client, org, spanish_cycle, spanish_template
):
    evaluation = released_evaluation(org, spanish_cycle, spanish_template)
    page = read(client, org.employee_user, evaluation.get_absolute_url(), "es")
    assert "Año fiscal 2026" in page and "Cortesía y respeto" in page and "Paciencia con cada residente." in page
    assert "Supera las expectativas" in page
    assert "Courtesy and respect" not in page


def test_a_text_without_spanish_shows_the_english_one(client, org, spanish_cycle, spanish_template):
    evaluation = released_evaluation(org, spanish_cycle, spanish_template)
    page = read(client, org.employee_user, evaluation.get_absolute_url(), "es")
    assert "Accuracy" in page and "Teamwork" in page  # nobody wrote their Spanish


def test_an_english_reader_still_reads_english(client, org, spanish_cycle, spanish_template):
    evaluation = released_evaluation(org, spanish_cycle, spanish_template)
    page = read(client, org.employee_user, evaluation.get_absolute_url(), "en")
    assert "FY2026" in page and "Courtesy and respect" in page and "Exceeds" in page
    assert "Cortesía" not in page and "Supera las expectativas" not in page


def test_the_printed_evaluation_and_the_employee_page_show_the_spanish_band(
    client, org, spanish_cycle, spanish_template
):
    evaluation = released_evaluation(org, spanish_cycle, spanish_template)
    printed = read(client, org.hr_user, reverse("evaluations:evaluation_print", args=[evaluation.pk]), "es")
    assert "Supera las expectativas" in printed and "Cortesía y respeto" in printed
    mine = read(client, org.employee_user, reverse("evaluations:my_evaluations"), "es")
    assert "Año fiscal 2026" in mine and "Supera las expectativas" in mine


def test_a_cycle_opened_by_hr_working_in_spanish_freezes_both_languages_into_the_evaluation(
    org, spanish_cycle, spanish_template
):
    with translation.override("es"):
        open_for(org, spanish_cycle, spanish_template)
    score = Evaluation.objects.get(employee=org.water_worker).scores.get(order=0)
    assert (score.name_en, score.name_es) == ("Courtesy and respect", "Cortesía y respeto")
    Criterion.objects.filter(template=spanish_template, order=0).update(name_es="Amabilidad")
    score.refresh_from_db()
    assert score.name_es == "Cortesía y respeto"  # editing the template later rewrites no evaluation


def test_a_supervisor_rating_in_spanish_stores_the_english_band_that_pay_rules_match(
    org, spanish_cycle, spanish_template
):
    open_for(org, spanish_cycle, spanish_template)
    evaluation = Evaluation.objects.get(employee=org.water_worker)
    with translation.override("es"):
        workflow.save_ratings(
            evaluation=evaluation, by=org.hr_user, ratings=ratings(evaluation, 4, 4, 4, 4), submit=True
        )
        assert spanish_cycle.band_label("Exceeds") == "Supera las expectativas"
    evaluation.refresh_from_db()
    assert evaluation.band == "Exceeds"  # 4.00 is in 3.50-4.49; the key, not the Spanish name
    with translation.override("es"):
        plan = create_pay_plan(cycle=spanish_cycle, by=org.hr_user)
    assert "Exceeds" in set(plan.rules.values_list("band", flat=True))  # so this evaluation's merit rule is found


def test_hr_reads_the_history_of_ratings_with_spanish_criteria_and_band(client, org, spanish_cycle, spanish_template):
    evaluation = released_evaluation(org, spanish_cycle, spanish_template)
    page = read(client, org.hr_user, evaluation.get_absolute_url(), "es")
    history = page[page.index('id="history-heading"') :]
    assert "Cortesía y respeto: inicial 4, final 4" in history and "4,00 Supera las expectativas" in history
