"""The arithmetic of an evaluation: weighted score, customer-service sub-score, band.

Score = sum(rating x weight) / 100 on the 1-5 scale (weights sum to 100), rounded half-up to two decimals.
The customer-service sub-score is the same average over the customer-service criteria alone.
"""

from collections.abc import Iterable
from decimal import Decimal

from evaluations.models import half_up

HUNDREDTH = Decimal("0.01")


def weighted_average(pairs: Iterable[tuple[int, Decimal]]) -> Decimal | None:
    """(rating, weight) pairs -> their weighted average, or None when there is nothing to average."""
    pairs = list(pairs)
    total_weight = sum((weight for _, weight in pairs), Decimal(0))
    if not pairs or total_weight == 0:
        return None
    return half_up(sum((Decimal(rating) * weight for rating, weight in pairs), Decimal(0)) / total_weight, HUNDREDTH)


def score_evaluation(evaluation, scores) -> None:
    """Set score, customer-service sub-score and band on the evaluation from its (final) criterion ratings."""
    rated = [s for s in scores if s.final_rating is not None]
    if len(rated) != len(scores) or not scores:
        evaluation.score = evaluation.customer_service_score = None
        evaluation.band = ""
        return
    evaluation.score = weighted_average((s.final_rating, s.weight) for s in rated)
    evaluation.customer_service_score = weighted_average(
        (s.final_rating, s.weight) for s in rated if s.is_customer_service
    )
    critical_failed = any(s.is_critical and s.final_rating == 1 for s in rated)
    evaluation.band = evaluation.cycle.band_for(evaluation.score, critical_failed=critical_failed)
