"""Open data: what /standards/ shows, as JSON anyone may read and reuse under OPEN_DATA_LICENCE.

Anonymous, read-only, rate limited per client address (OPEN_DATA_RATE), and cacheable by browsers and proxies
(Cache-Control: public, max-age=OPEN_DATA_MAX_AGE). No resident's data: results are counts of residents' answers
from the report tables (reports/services/public_data.py says which departments and cells are shown).
"""

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.params import P, QueryEx

from api.errors import ErrorsOut
from api.security import limit_anonymous
from org.models import Department
from reports.periods import quarter_label
from reports.services.public_data import last_finished_quarter, public_departments, quarterly_driver_results

router = Router(tags=["open data"])

QUARTER = re.compile(r"^([12]\d{3})-Q([1-4])$")


class Licence(Schema):
    name: str
    url: str


class Representative(Schema):
    name: str
    email: str


class Result(Schema):
    met: bool | None = Field(description="Empty when there was nothing to measure.")
    measured: Decimal | None
    answers: int


class Standard(Schema):
    title: str
    description: str
    service_point: str | None
    measure: str = Field(description="survey_driver or reported_figure.")
    driver: str
    direction: str
    target: Decimal
    unit: str
    last_quarter: Result | None


class PublicDepartment(Schema):
    code: str
    name: str
    phone: str
    email: str
    address: str
    opening_hours: str
    representative: Representative | None
    standards: list[Standard]


class StandardsOut(Schema):
    licence: Licence
    quarter: str = Field(description="The quarter of the results, e.g. 2026-Q3.")
    departments: list[PublicDepartment]


class DriverResult(Schema):
    department_code: str
    department: str
    service_point: str
    driver: str
    answers: int
    satisfied: int
    satisfied_share: Decimal = Field(description="Percent of answers that were a 4 or 5 (or a thumbs up).")


class ResultsOut(Schema):
    licence: Licence
    quarter: str
    minimum_answers: int = Field(description="Cells with fewer answers are left out.")
    results: list[DriverResult]


def _licence() -> Licence:
    return Licence(name=settings.OPEN_DATA_LICENCE, url=settings.OPEN_DATA_LICENCE_URL)


def cacheable(response: HttpResponse) -> None:
    """Let browsers and shared caches keep the answer for OPEN_DATA_MAX_AGE seconds."""
    patch_cache_control(response, public=True, max_age=settings.OPEN_DATA_MAX_AGE)


def _quarter(text: str | None) -> date:
    if not text:
        return last_finished_quarter()
    match = QUARTER.match(text)
    if match is None:
        raise ValidationError({"quarter": [_("Give a quarter as YYYY-Qn, e.g. 2026-Q3.")]})
    return date(int(match[1]), 3 * int(match[2]) - 2, 1)


def _department(department: Department) -> dict[str, Any]:
    rep = department.customer_relations_rep
    return {
        "code": department.code,
        "name": department.name,
        "phone": department.phone,
        "email": department.email,
        "address": department.address,
        "opening_hours": department.opening_hours,
        "representative": {"name": rep.full_name, "email": rep.work_email} if rep else None,
        "standards": [_standard(standard) for standard in department.published_standards],  # type: ignore[attr-defined]
    }


def _standard(standard: Any) -> dict[str, Any]:
    result = standard.last_quarter[0] if standard.last_quarter else None
    return {
        "title": standard.title,
        "description": standard.description,
        "service_point": standard.service_point.name if standard.service_point else None,
        "measure": standard.measure,
        "driver": standard.driver,
        "direction": standard.direction,
        "target": standard.target,
        "unit": standard.unit,
        "last_quarter": {"met": result.met, "measured": result.measured, "answers": result.answers} if result else None,
    }


QUARTER_HELP = "A calendar quarter as YYYY-Qn (e.g. 2026-Q3); the last finished quarter when left out."


@router.get(
    "/open-data/standards",
    response={200: StandardsOut, 400: ErrorsOut, 429: ErrorsOut},
    summary="Departments' service standards and contacts",
)
def standards(
    request: HttpRequest, response: HttpResponse, quarter: QueryEx[str | None, P(description=QUARTER_HELP)] = None
) -> dict[str, Any]:
    """Each department that publishes standards: how to reach it, its customer relations representative, its
    promises and whether each was kept in the quarter (the last finished one unless `quarter` says)."""
    limit_anonymous(request, group="api.open_data")
    start = _quarter(quarter)
    cacheable(response)
    departments = [_department(department) for department in public_departments(start)]
    return {"licence": _licence(), "quarter": quarter_label(start), "departments": departments}


@router.get(
    "/open-data/results",
    response={200: ResultsOut, 400: ErrorsOut, 429: ErrorsOut},
    summary="Quarterly A-11 driver results",
)
def results(
    request: HttpRequest, response: HttpResponse, quarter: QueryEx[str | None, P(description=QUARTER_HELP)] = None
) -> dict[str, Any]:
    """Residents' answers per department, service point and A-11 driver in the quarter (the last finished one
    unless `quarter` says): how many answered and how many were satisfied."""
    limit_anonymous(request, group="api.open_data")
    start = _quarter(quarter)
    cacheable(response)
    rows = [
        {
            "department_code": row["department__code"],
            "department": row["department__name"],
            "service_point": row["service_point__name"] or "",
            "driver": row["driver"],
            "answers": row["answers"],
            "satisfied": row["satisfied"],
            "satisfied_share": (Decimal(100 * row["satisfied"]) / row["answers"]).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            ),
        }
        for row in quarterly_driver_results(start)
    ]
    return {
        "licence": _licence(),
        "quarter": quarter_label(start),
        "minimum_answers": settings.OPEN_DATA_MIN_ANSWERS,
        "results": rows,
    }
