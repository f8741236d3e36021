"""Standard compliance per (quarter, standard), read from the survey report table and entered figures.

A survey-measured standard is the share of residents' answers on its driver that were satisfied, at its service
point or, without one, across its department and every division below it. Internal-customer surveys never count:
a standard is a promise to residents.
"""

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Min, Q, Sum

from org.models import Department, ServiceStandard, StandardMeasure
from reports.models import ReportedFigure, StandardCompliance, SurveyDriverDay
from reports.periods import quarter_end, quarter_start
from reports.services.upsert import replace_slice
from surveys.audiences import answered_by_residents

KEY = ("quarter", "standard_id")
HUNDREDTH = Decimal("0.01")


def satisfied_percent(satisfied: int, answers: int) -> Decimal | None:
    if not answers:
        return None
    return (Decimal(satisfied) * 100 / Decimal(answers)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def _driver_totals(quarter: date) -> list[Mapping[str, Any]]:
    """Residents' answers and satisfied per (department, service point, driver) over the quarter: a few hundred
    rows."""
    return list(
        SurveyDriverDay.objects.filter(answered_by_residents(), day__range=(quarter, quarter_end(quarter)))
        .values("department", "service_point", "driver")
        .annotate(answers=Sum("answers"), satisfied=Sum("satisfied"))
        .order_by()
    )


def _survey_row(standard: ServiceStandard, totals: list[Mapping[str, Any]], paths: dict[int, str]) -> tuple[int, int]:
    answers = satisfied = 0
    for row in totals:
        if row["driver"] != standard.driver:
            continue
        if standard.service_point_id:
            matches = row["service_point"] == standard.service_point_id
        else:
            matches = paths.get(row["department"], "").startswith(standard.department.path)
        if matches:
            answers += row["answers"]
            satisfied += row["satisfied"]
    return answers, satisfied


def compliance_rows(quarter: date) -> list[dict]:
    totals = _driver_totals(quarter)
    paths = dict(Department.objects.values_list("pk", "path"))
    figures = dict(ReportedFigure.objects.filter(quarter=quarter).values_list("standard", "value"))
    rows = []
    for standard in ServiceStandard.objects.select_related("department"):
        if standard.measure == StandardMeasure.SURVEY_DRIVER:
            answers, satisfied = _survey_row(standard, totals, paths)
            measured = satisfied_percent(satisfied, answers)
        else:
            answers, measured = 0, figures.get(standard.pk)
        if measured is None:
            continue  # nothing to measure this quarter: the page says so instead of showing a guess
        rows.append(
            {
                "quarter": quarter,
                "standard_id": standard.pk,
                "measured": measured,
                "target": standard.target,
                "met": standard.is_met(measured),
                "answers": answers,
            }
        )
    return rows


def recompute_quarter(*, quarter: date, run) -> int:
    """Rebuild one quarter's compliance. The caller holds the transaction."""
    return replace_slice(
        model=StandardCompliance, rows=compliance_rows(quarter), key=KEY, slice_filter=Q(quarter=quarter), run=run
    )


def changed_figure_quarters(*, since) -> set[date]:
    return set(ReportedFigure.objects.filter(updated_at__gte=since).values_list("quarter", flat=True))


def quarters_of(days) -> set[date]:
    return {quarter_start(day) for day in days}


def first_quarter() -> date | None:
    candidates = [
        SurveyDriverDay.objects.aggregate(first=Min("day"))["first"],
        ReportedFigure.objects.aggregate(first=Min("quarter"))["first"],
        StandardCompliance.objects.aggregate(first=Min("quarter"))["first"],
    ]
    days = [value for value in candidates if value]
    return quarter_start(min(days)) if days else None
