"""What the evaluations app reads from surveys: plain functions over reportable responses from residents.

Internal-customer surveys (staff rating another department) are never evidence here: the panel beside the
customer-service criteria says what residents told us, and it moves pay.

Dates are local calendar days (settings.TIME_ZONE), both ends included.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from serviceculture.dates import local_day_bounds
from surveys.audiences import answered_by_residents
from surveys.models import Answer, Compliment, Response


def satisfied_share(satisfied: int, answers: int) -> Decimal | None:
    """Satisfied answers as a percentage with one decimal, rounded half-up; None without answers."""
    if not answers:
        return None
    return (Decimal(satisfied) * 100 / Decimal(answers)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def driver_results(*, service_points=None, departments=None, start: date, end: date) -> dict[str, dict]:
    """Per A-11 driver: residents' answers where satisfaction applies, how many were satisfied, and the share (%).

    `service_points` / `departments` narrow the responses (ids or objects); None means all.
    """
    since, until = local_day_bounds(start, end)
    responses = Response.objects.reportable().filter(
        answered_by_residents(), submitted_at__gte=since, submitted_at__lt=until
    )
    if service_points is not None:
        responses = responses.filter(service_point__in=service_points)
    if departments is not None:
        responses = responses.filter(department__in=departments)
    rows = (
        Answer.objects.filter(response__in=responses, satisfied__isnull=False)
        .exclude(driver="")
        .values("driver")
        .annotate(answers=Count("pk"), satisfied=Count("pk", filter=Q(satisfied=True)))
    )
    return {
        row["driver"]: {
            "answers": row["answers"],
            "satisfied": row["satisfied"],
            "share": satisfied_share(row["satisfied"], row["answers"]),
        }
        for row in rows
    }


def confirmed_compliments(*, employee, start: date, end: date) -> QuerySet[Compliment]:
    """The confirmed compliments residents paid an employee, from responses submitted in [start, end]."""
    since, until = local_day_bounds(start, end)
    return (
        Compliment.objects.confirmed()
        .filter(
            answered_by_residents("response__survey"),
            employee=employee,
            response__submitted_at__gte=since,
            response__submitted_at__lt=until,
        )
        .select_related("response", "response__service_point")
    )
