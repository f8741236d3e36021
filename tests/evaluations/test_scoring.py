"""Score = sum(rating x weight) / 100; worked examples with the template of builders.CRITERIA:
Courtesy 20 (customer service), Explains decisions 20 (customer service), Accuracy 30 (critical), Teamwork 30."""

from decimal import Decimal

import pytest

from evaluations.models import Evaluation
from evaluations.services.workflow import save_ratings
from tests.evaluations.builders import make_cycle, make_template, open_for, ratings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "given, score, service, band",
    [
        # (4x20 + 5x20 + 3x30 + 4x30) / 100 = 390/100; service (80 + 100) / 40
        ((4, 5, 3, 4), "3.90", "4.50", "Exceeds"),
        # (3x20 + 2x20 + 3x30 + 3x30) / 100 = 280/100; service (60 + 40) / 40
        ((3, 2, 3, 3), "2.80", "2.50", "Meets"),
        # 5 everywhere: the top of the scale
        ((5, 5, 5, 5), "5.00", "5.00", "Outstanding"),
        # (5x20 + 5x20 + 1x30 + 5x30) / 100 = 3.80, but the critical criterion rated 1 caps the band
        ((5, 5, 1, 5), "3.80", "5.00", "Unsatisfactory"),
        # a non-critical 1 does not cap: (1x20 + 5x20 + 5x30 + 5x30) / 100 = 4.20
        ((1, 5, 5, 5), "4.20", "3.00", "Exceeds"),
        # (2x20 + 2x20 + 2x30 + 3x30) / 100 = 2.30
        ((2, 2, 2, 3), "2.30", "2.00", "Needs improvement"),
    ],
)
def test_worked_examples(org, given, score, service, band):
    open_for(org)
    evaluation = Evaluation.objects.get(employee=org.water_worker)
    save_ratings(evaluation=evaluation, by=org.head_user, ratings=ratings(evaluation, *given))
    evaluation.refresh_from_db()
    assert (evaluation.score, evaluation.customer_service_score, evaluation.band) == (
        Decimal(score),
        Decimal(service),
        band,
    )


def test_the_score_is_rounded_half_up_not_to_even(org):
    # (5 x 12.5 + 4 x 87.5) / 100 = 4.125 -> 4.13 (banker's rounding would give 4.12)
    template = make_template("Halves", criteria=[("Courtesy", "12.5", True, False), ("Accuracy", "87.5", False, False)])
    open_for(org, cycle=make_cycle(minimum="10"), template=template)
    evaluation = Evaluation.objects.get(employee=org.water_worker)
    save_ratings(evaluation=evaluation, by=org.head_user, ratings=ratings(evaluation, 5, 4))
    evaluation.refresh_from_db()
    assert evaluation.score == Decimal("4.13")


def test_a_partly_rated_evaluation_has_no_score_yet(org):
    open_for(org)
    evaluation = Evaluation.objects.get(employee=org.water_worker)
    partial: dict[int, int | None] = dict(ratings(evaluation, 4, 4, 4, 4))
    partial[next(iter(partial))] = None
    save_ratings(evaluation=evaluation, by=org.head_user, ratings=partial)
    evaluation.refresh_from_db()
    assert (evaluation.score, evaluation.band) == (None, "")
