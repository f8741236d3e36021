"""The annual customer-service report for a fiscal year: one line per department under a root (its whole
subtree rolled up), and the total. Read only from the report tables and the figures admins enter, and it lists
what the subtree's departments changed because of residents' feedback that year ('you said, we did', published
actions that took effect within the year).

Every resident figure counts residents' surveys only. What staff of other departments said about each
department as a service provider (internal-customer surveys) has its own lines, `internal_lines`, never mixed
into the resident ones (surveys/audiences.py is the one definition).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When

from org.models import A11Driver, Department
from reports.models import (
    EvaluationMetric,
    ServedVolume,
    StandardCompliance,
    SurveyDriverDay,
    SurveyMetricDay,
    TrainingMetricMonth,
)
from reports.periods import fiscal_year_bounds, fiscal_year_of
from reports.services.dashboard import DRIVER_SUMS, SURVEY_SUMS, Tally, percent
from surveys.audiences import answered_by_residents, answered_by_staff
from yousaid.models import FeedbackAction
from yousaid.selectors import published_in


@dataclass
class SurveyYears:
    """Survey figures of one department's subtree (or the root's total), this year and the year before."""

    department: Department | None
    label: str
    this_year: Tally = field(default_factory=Tally)
    last_year: Tally = field(default_factory=Tally)

    @property
    def satisfaction(self) -> dict:
        """The satisfaction driver's figures: the summary's headline and its change since last year."""
        return next(row for row in self.drivers if row["driver"] == A11Driver.SATISFACTION)

    @property
    def drivers(self) -> list[dict]:
        rows = []
        for value, label in A11Driver.choices:
            now, then = self.this_year.share(value), self.last_year.share(value)
            rows.append(
                {
                    "driver": value,
                    "label": label,
                    "share": now,
                    "answers": self.this_year.answers(value),
                    "change": None if now is None or then is None else now - then,
                }
            )
        return rows


@dataclass
class AnnualLine(SurveyYears):
    """A department's line of the report: residents' survey figures and the program's other figures."""

    volume: int = 0
    standards_met: int = 0
    standards_measured: int = 0
    training_hours: Decimal = Decimal("0")
    ambassadors: int = 0
    evaluations: int = 0
    evaluations_settled: int = 0

    @property
    def standards_share(self) -> Decimal | None:
        return percent(self.standards_met, self.standards_measured)

    @property
    def evaluation_completion(self) -> Decimal | None:
        return percent(self.evaluations_settled, self.evaluations)


Line = TypeVar("Line", bound=SurveyYears)


@dataclass
class AnnualReport:
    fiscal_year: int
    start: date
    end: date
    root: Department
    lines: list[AnnualLine]
    total: AnnualLine
    # What staff of other departments said, per line of `lines` (same order) and in total: internal customers.
    internal_lines: list[SurveyYears]
    internal_total: SurveyYears
    to_date: bool = False  # the fiscal year is still running: figures up to `end`, which is today
    actions: list[FeedbackAction] = field(default_factory=list)  # 'you said, we did', newest first

    @property
    def internal_answered(self) -> bool:
        """Whether staff rated any department of the report this year or the year before."""
        return bool(self.internal_total.this_year.responses or self.internal_total.last_year.responses)

    @property
    def rated_internal_lines(self) -> list[SurveyYears]:
        """The internal lines of departments other departments rated this year or the year before."""
        return [line for line in self.internal_lines if line.this_year.responses or line.last_year.responses]


def default_fiscal_year(*, root: Department, today: date) -> int:
    """The last finished fiscal year if the root's subtree has responses in it, else the current year to date,
    so the report never opens on an empty year."""
    current = fiscal_year_of(today)
    start, end = fiscal_year_bounds(current - 1)
    reported = SurveyMetricDay.objects.filter(
        answered_by_residents(), department__path__startswith=root.path, day__range=(start, end)
    ).exists()
    return current - 1 if reported else current


def _year_flag(start: date) -> Case:
    return Case(When(day__gte=start, then=Value("this")), default=Value("last"), output_field=CharField())


def _add_survey_figures(
    lines_of: Callable[[int], Sequence[SurveyYears]],
    *,
    audience: Q,
    ids: list[int],
    days: tuple[date, date],
    start: date,
) -> None:
    """Sum one audience's survey figures over `days` (last year's start to this year's end) into the lines,
    this year's from `start`: two queries."""
    two_years = {"department__in": ids, "day__range": days}
    flag = _year_flag(start)
    for row in (
        SurveyMetricDay.objects.filter(audience, **two_years)
        .values("department", flag=flag)
        .annotate(**{n: Sum(n) for n in SURVEY_SUMS})
        .order_by()
    ):
        for line in lines_of(row["department"]):
            (line.this_year if row["flag"] == "this" else line.last_year).add(row)
    drivers = (
        SurveyDriverDay.objects.filter(audience, **two_years)
        .values("department", "driver", flag=flag)
        .annotate(**{n: Sum(n) for n in DRIVER_SUMS})
    )
    for row in drivers.order_by():
        for line in lines_of(row["department"]):
            (line.this_year if row["flag"] == "this" else line.last_year).drivers[row["driver"]].add(row)


def build_annual_report(*, root: Department, fiscal_year: int, today: date) -> AnnualReport:
    start, end = fiscal_year_bounds(fiscal_year)
    to_date = end >= today
    end = min(end, today)
    days = (fiscal_year_bounds(fiscal_year - 1)[0], end)
    subtree = list(Department.objects.subtree(root).only("pk", "name", "path", "parent_id"))
    ids = [department.pk for department in subtree]
    paths = {department.pk: department.path for department in subtree}
    children = [department for department in subtree if department.parent_id == root.pk]
    total = AnnualLine(department=root, label=root.name)
    lines = [AnnualLine(department=d, label=d.name) for d in children]
    internal_total = SurveyYears(department=root, label=root.name)
    internal_lines = [SurveyYears(department=d, label=d.name) for d in children]

    def holding(department_id: int, candidates: Sequence[Line]) -> list[Line]:
        """The lines whose department's subtree holds the department."""
        path = paths[department_id]
        return [line for line in candidates if line.department and path.startswith(line.department.path)]

    def lines_of(department_id: int) -> list[AnnualLine]:
        return [total, *holding(department_id, lines)]

    def internal_lines_of(department_id: int) -> list[SurveyYears]:
        return [internal_total, *holding(department_id, internal_lines)]

    _add_survey_figures(lines_of, audience=answered_by_residents(), ids=ids, days=days, start=start)
    _add_survey_figures(internal_lines_of, audience=answered_by_staff(), ids=ids, days=days, start=start)
    sources: list[QuerySet[Any, Any]] = [  # rows of different shapes, each with a "unit"
        ServedVolume.objects.filter(service_point__department__in=ids, quarter__range=(start, end))
        .values(unit=F("service_point__department"))
        .annotate(volume=Sum("total_volume")),
        StandardCompliance.objects.filter(standard__department__in=ids, quarter__range=(start, end))
        .values(unit=F("standard__department"))
        .annotate(standards_measured=Count("pk"), standards_met=Count("pk", filter=Q(met=True))),
        TrainingMetricMonth.objects.filter(department__in=ids, month__range=(start, end))
        .values(unit=F("department"))
        .annotate(training_hours=Sum("training_hours"), ambassadors=Sum("ambassadors_certified")),
        EvaluationMetric.objects.filter(department__in=ids, cycle__fiscal_year=fiscal_year)
        .values(unit=F("department"))
        .annotate(evaluations=Sum("evaluations"), evaluations_settled=Sum("settled")),
    ]
    for source in sources:
        for figures in source.order_by():
            department_id = figures.pop("unit")
            for line in lines_of(department_id):
                for name, value in figures.items():
                    setattr(line, name, getattr(line, name) + (value or 0))
    return AnnualReport(
        fiscal_year=fiscal_year,
        start=start,
        end=end,
        root=root,
        lines=lines,
        total=total,
        internal_lines=internal_lines,
        internal_total=internal_total,
        to_date=to_date,
        actions=list(published_in(root=root, start=start, end=end)),
    )


def annual_csv_rows(report: AnnualReport) -> tuple[list[str], list[list]]:
    drivers = [value for value, _label in A11Driver.choices]
    header = [
        "department",
        "customers_served",
        "responses",
        *[f"{driver}_satisfied_pct" for driver in drivers],
        *[f"{driver}_change_pts" for driver in drivers],
        "standards_met",
        "standards_measured",
        "training_hours",
        "ambassadors_certified",
        "evaluations",
        "evaluations_finalised",
        # internal customers: staff of other departments rating this one, never in the columns above
        "internal_responses",
        *[f"internal_{driver}_satisfied_pct" for driver in drivers],
    ]
    rows = []
    internal = [*report.internal_lines, report.internal_total]
    for line, staff in zip([*report.lines, report.total], internal, strict=True):
        shares = {row["driver"]: row for row in line.drivers}
        staff_shares = {row["driver"]: row["share"] for row in staff.drivers}
        rows.append(
            [
                line.label,
                line.volume,
                line.this_year.responses,
                *[shares[d]["share"] for d in drivers],
                *[shares[d]["change"] for d in drivers],
                line.standards_met,
                line.standards_measured,
                line.training_hours,
                line.ambassadors,
                line.evaluations,
                line.evaluations_settled,
                staff.this_year.responses,
                *[staff_shares[d] for d in drivers],
            ]
        )
    return header, rows
