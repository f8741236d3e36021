"""What anyone may read without signing in: the /standards/ page and the open data of the API read these.

Rules:
- A department is public when it is active and publishes at least one standard; what is shown of it is what it
  publishes (its public phone, email, address, hours) and its customer relations representative's name and
  work email, as /standards/ has always shown them.
- /standards/ also shows an active department that has published what it changed because of residents' feedback
  ('you said, we did', reviewed by a program admin), with those actions, newest first.
- Driver results are residents' answers only (surveys.audiences.answered_by_residents), from the report tables,
  for one calendar quarter, per department and service point of the public departments.
- A cell (department, service point, driver) with fewer than OPEN_DATA_MIN_ANSWERS answers is left out: a share
  drawn from two or three people could point at them.
"""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet, Sum

from org.models import Department, ServiceStandard
from reports.models import StandardCompliance, SurveyDriverDay
from reports.periods import quarter_end, quarter_start
from serviceculture.dates import local_today
from surveys.audiences import answered_by_residents
from yousaid.selectors import published_actions


def last_finished_quarter() -> date:
    return quarter_start(quarter_start(local_today()) - timedelta(days=1))


def public_departments(quarter: date) -> QuerySet[Department]:
    """Departments with published standards, each with `published_standards` (and each standard's
    `last_quarter`: its compliance row for `quarter`, if any) and its representative."""
    return _with_public_details(
        Department.objects.active().filter(pk__in=ServiceStandard.objects.published().values("department")), quarter
    )


def standards_page_departments(quarter: date) -> QuerySet[Department]:
    """The departments of /standards/: those of `public_departments` and those that published actions, each also
    with `published_actions` (newest first, with their service points)."""
    actions = published_actions()
    shown = Q(pk__in=ServiceStandard.objects.published().values("department")) | Q(pk__in=actions.values("department"))
    return _with_public_details(Department.objects.active().filter(shown), quarter).prefetch_related(
        Prefetch("feedback_actions", queryset=actions, to_attr="published_actions")
    )


def _with_public_details(departments: QuerySet[Department], quarter: date) -> QuerySet[Department]:
    standards = (
        ServiceStandard.objects.published()
        .select_related("service_point")
        .prefetch_related(
            Prefetch("compliance", queryset=StandardCompliance.objects.filter(quarter=quarter), to_attr="last_quarter")
        )
    )
    return departments.select_related("customer_relations_rep").prefetch_related(
        Prefetch("standards", queryset=standards, to_attr="published_standards")
    )


def quarterly_driver_results(quarter: date) -> list[dict[str, Any]]:
    """One row per public department, service point and A-11 driver for the quarter starting on `quarter`:
    answers, satisfied and the department's code and name and the service point's name (set-based: one query)."""
    rows = (
        SurveyDriverDay.objects.filter(
            answered_by_residents(),
            day__gte=quarter,
            day__lte=quarter_end(quarter),
            # A subquery, not a join: a department with three standards must not count its answers three times.
            department__in=ServiceStandard.objects.published().values("department"),
        )
        .values("department__code", "department__name", "service_point_id", "service_point__name", "driver")
        .annotate(answers=Sum("answers"), satisfied=Sum("satisfied"))
        .filter(answers__gte=settings.OPEN_DATA_MIN_ANSWERS)
        .order_by("department__name", "service_point__name", "driver")
    )
    return [dict(row) for row in rows]
