"""The annual customer-service report for a fiscal year: one line per department under a root (its whole
subtree rolled up), and the total. Read only from the report tables and the figures admins enter."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

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


@dataclass
class AnnualLine:
    department: Department | None
    label: str
    volume: int = 0
    this_year: Tally = field(default_factory=Tally)
    last_year: Tally = field(default_factory=Tally)
    standards_met: int = 0
    standards_measured: int = 0
    training_hours: Decimal = Decimal("0")
    ambassadors: int = 0
    evaluations: int = 0
    evaluations_settled: int = 0

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

    @property
    def standards_share(self) -> Decimal | None:
        return percent(self.standards_met, self.standards_measured)

    @property
    def evaluation_completion(self) -> Decimal | None:
        return percent(self.evaluations_settled, self.evaluations)


@dataclass
class AnnualReport:
    fiscal_year: int
    start: date
    end: date
    root: Department
    lines: list[AnnualLine]
    total: AnnualLine
    to_date: bool = False  # the fiscal year is still running: figures up to `end`, which is today


def default_fiscal_year(*, root: Department, today: date) -> int:
    """The last finished fiscal year if the root's subtree has responses in it, else the current year to date,
    so the report never opens on an empty year."""
    current = fiscal_year_of(today)
    start, end = fiscal_year_bounds(current - 1)
    reported = SurveyMetricDay.objects.filter(department__path__startswith=root.path, day__range=(start, end)).exists()
    return current - 1 if reported else current


def _year_flag(start: date) -> Case:
    return Case(When(day__gte=start, then=Value("this")), default=Value("last"), output_field=CharField())


def build_annual_report(*, root: Department, fiscal_year: int, today: date) -> AnnualReport:
    start, end = fiscal_year_bounds(fiscal_year)
    to_date = end >= today
    end = min(end, today)
    last_start, _last_end = fiscal_year_bounds(fiscal_year - 1)
    subtree = list(Department.objects.subtree(root).only("pk", "name", "path", "parent_id"))
    ids = [department.pk for department in subtree]
    paths = {department.pk: department.path for department in subtree}
    total = AnnualLine(department=root, label=root.name)
    lines = [AnnualLine(department=d, label=d.name) for d in subtree if d.parent_id == root.pk]

    def lines_of(department_id: int) -> list[AnnualLine]:
        path = paths[department_id]
        return [total] + [line for line in lines if line.department and path.startswith(line.department.path)]

    two_years = {"department__in": ids, "day__range": (last_start, end)}
    flag = _year_flag(start)
    for row in (
        SurveyMetricDay.objects.filter(**two_years)
        .values("department", flag=flag)
        .annotate(**{n: Sum(n) for n in SURVEY_SUMS})
        .order_by()
    ):
        for line in lines_of(row["department"]):
            (line.this_year if row["flag"] == "this" else line.last_year).add(row)
    drivers = (
        SurveyDriverDay.objects.filter(**two_years)
        .values("department", "driver", flag=flag)
        .annotate(**{n: Sum(n) for n in DRIVER_SUMS})
    )
    for row in drivers.order_by():
        for line in lines_of(row["department"]):
            (line.this_year if row["flag"] == "this" else line.last_year).drivers[row["driver"]].add(row)
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
        fiscal_year=fiscal_year, start=start, end=end, root=root, lines=lines, total=total, to_date=to_date
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
    ]
    rows = []
    for line in [*report.lines, report.total]:
        shares = {row["driver"]: row for row in line.drivers}
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
            ]
        )
    return header, rows
