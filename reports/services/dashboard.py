"""What the dashboards show, read only from the report tables with a fixed number of queries.

Every query is grouped (by department, service point, channel, month ...), so its result has as many rows
as the organisation has units, whatever the number of responses behind them; the roll-ups to a subtree,
a channel or a sub-department happen on those few rows.

Every resident figure (the tallies, drivers, trend, channels, service points, sub-departments and the service
culture index) reads residents' surveys only. Internal-customer surveys, where staff rate another department as
a service provider, fill `Dashboard.internal` and nothing else (surveys/audiences.py is the one definition).
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Case, CharField, DateField, Q, Sum, Value, When
from django.db.models.functions import Trunc
from django.utils.functional import Promise

from org.models import A11Driver, Channel, Department, ServicePoint
from reports.models import (
    EvaluationMetric,
    Initiative,
    InitiativeStatus,
    StandardCompliance,
    SurveyDriverDay,
    SurveyMetricDay,
    TrainingMetricMonth,
)
from reports.periods import Period, month_start
from reports.services import runs
from surveys.audiences import answered_by_residents, answered_by_staff

SURVEY_SUMS = ("responses", "link_views", "follow_ups", "follow_ups_waiting", "compliments")
DRIVER_SUMS = ("answers", "satisfied", "scored", "score_sum")
ONE_PLACE = Decimal("0.1")

# The service culture index: weights of its parts, in percent. Parts without data are left out and the
# remaining weights scaled up, so a department is never marked down for what is not measured yet.
# A unit's index is computed from its pooled counts (every response, standard, employee and evaluation of
# its subtree counted once), never as an average of its divisions' indexes; its parts are exact fractions
# and only the index is rounded, once, to one place.
INDEX_WEIGHTS = {
    "satisfaction": 25,
    "trust": 25,
    "standards": 20,
    "coverage": 15,
    "customer_service": 15,
}


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def exact_ratio(part, whole) -> Decimal | None:
    return Decimal(part) / Decimal(whole) if whole else None


def exact_percent(part, whole) -> Decimal | None:
    ratio = exact_ratio(part, whole)
    return None if ratio is None else ratio * 100


def mean(total, count) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class DriverTally:
    answers: int = 0
    satisfied: int = 0
    scored: int = 0
    score_sum: int = 0

    def add(self, row: Mapping[str, Any]) -> None:
        for name in DRIVER_SUMS:
            setattr(self, name, getattr(self, name) + (row[name] or 0))

    @property
    def share(self) -> Decimal | None:
        return percent(self.satisfied, self.answers)

    @property
    def mean(self) -> Decimal | None:
        return mean(self.score_sum, self.scored)


@dataclass
class Tally:
    """Survey figures summed over any set of report rows."""

    responses: int = 0
    link_views: int = 0
    follow_ups: int = 0
    follow_ups_waiting: int = 0
    compliments: int = 0
    drivers: dict[str, DriverTally] = field(default_factory=lambda: defaultdict(DriverTally))

    def add(self, row: Mapping[str, Any]) -> None:
        for name in SURVEY_SUMS:
            setattr(self, name, getattr(self, name) + (row[name] or 0))

    def share(self, driver: str) -> Decimal | None:
        return self.drivers[driver].share if driver in self.drivers else None

    @property
    def satisfaction(self) -> Decimal | None:
        return self.share(A11Driver.SATISFACTION)

    @property
    def trust(self) -> Decimal | None:
        return self.share(A11Driver.TRUST)

    # How many answers each share rests on (serviceculture/samples.py flags the small ones).
    def answers(self, driver: str) -> int:
        return self.drivers[driver].answers if driver in self.drivers else 0

    @property
    def satisfaction_answers(self) -> int:
        return self.answers(A11Driver.SATISFACTION)

    @property
    def trust_answers(self) -> int:
        return self.answers(A11Driver.TRUST)

    @property
    def completion_rate(self) -> Decimal | None:
        """Responses per form shown: how many who opened the survey sent it."""
        return percent(self.responses, self.link_views)


@dataclass
class Unit:
    """A department's subtree (or the root's own staff) as one line of a comparison."""

    department: Department
    label: str
    tally: Tally = field(default_factory=Tally)
    standards_met: int = 0
    standards_measured: int = 0
    trained_12m: int = 0
    headcount: int = 0
    customer_service_scored: int = 0
    customer_service_sum: Decimal = Decimal("0")

    @property
    def standards_share(self) -> Decimal | None:
        return percent(self.standards_met, self.standards_measured)

    @property
    def coverage(self) -> Decimal | None:
        return percent(self.trained_12m, self.headcount)

    @property
    def customer_service_mean(self) -> Decimal | None:
        return mean(self.customer_service_sum, self.customer_service_scored)

    @property
    def index_parts(self) -> dict[str, Decimal | None]:
        """Each part as an exact percentage (unrounded: the index rounds once), None without data."""
        satisfaction, trust = (self.tally.drivers.get(driver) for driver in (A11Driver.SATISFACTION, A11Driver.TRUST))
        cs_mean = exact_ratio(self.customer_service_sum, self.customer_service_scored)
        return {
            "satisfaction": exact_percent(satisfaction.satisfied, satisfaction.answers) if satisfaction else None,
            "trust": exact_percent(trust.satisfied, trust.answers) if trust else None,
            "standards": exact_percent(self.standards_met, self.standards_measured),
            "coverage": exact_percent(self.trained_12m, self.headcount),
            # the 1-5 evaluation scale read as 0-100 %
            "customer_service": None if cs_mean is None else (cs_mean - 1) * 25,
        }

    @property
    def culture_index(self) -> Decimal | None:
        parts = {name: value for name, value in self.index_parts.items() if value is not None}
        if not parts:
            return None
        weight = sum(INDEX_WEIGHTS[name] for name in parts)
        total = sum((Decimal(INDEX_WEIGHTS[name]) * value for name, value in parts.items()), Decimal(0))
        return (total / weight).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def compare_drivers(now: Tally, then: Tally) -> list[dict]:
    """Every A-11 driver in order, this period against the one before (change in percentage points)."""
    rows = []
    for value, label in A11Driver.choices:
        current, before = now.drivers.get(value, DriverTally()), then.drivers.get(value, DriverTally())
        change = None if current.share is None or before.share is None else current.share - before.share
        rows.append({"driver": value, "label": label, "now": current, "then": before, "change": change})
    return rows


@dataclass
class InternalCustomers:
    """How staff of other departments rated the subtree as a service provider (internal-customer surveys).

    Kept apart from every resident figure: `providers` are the departments of the subtree that were rated in
    the period, each with its own tally.
    """

    current: Tally
    before: Tally
    providers: list[tuple[Department, Tally]]

    @property
    def drivers(self) -> list[dict]:
        return compare_drivers(self.current, self.before)

    @property
    def answered(self) -> bool:
        return bool(self.current.responses or self.before.responses)


@dataclass
class Dashboard:
    root: Department
    period: Period
    previous: Period
    current: Tally
    before: Tally
    units: list[Unit]
    channels: list[tuple[Channel, Tally]]  # Channel(...).label is translated when shown
    service_points: list[tuple[ServicePoint, Tally]]
    trend: list[dict]
    trend_grain: str
    standards: list[StandardCompliance]
    training: dict
    evaluations: dict
    initiatives: list[Initiative]
    initiative_counts: list[tuple[str | Promise, int]]
    data_as_of: object
    internal: InternalCustomers

    @property
    def drivers(self) -> list[dict]:
        return compare_drivers(self.current, self.before)

    @property
    def own(self) -> Unit:
        return self.units[0]


def _period_flag(current: Period) -> Case:
    return Case(When(day__gte=current.start, then=Value("now")), default=Value("then"), output_field=CharField())


def _survey_rows(
    departments: list[int],
    period: Period,
    previous: Period,
    *,
    audience: Q,
    keys: tuple[str, ...] = ("department", "service_point", "channel"),
) -> tuple[list[dict], list[dict]]:
    """Survey sums and driver sums per key for both periods, for one audience's surveys: two queries."""
    scope = {"department__in": departments, "day__range": (previous.start, period.end)}
    flag = _period_flag(period)
    survey = list(
        SurveyMetricDay.objects.filter(audience, **scope)
        .values(*keys, flag=flag)
        .annotate(**{n: Sum(n) for n in SURVEY_SUMS})
        .order_by()
    )
    drivers = list(
        SurveyDriverDay.objects.filter(audience, **scope)
        .values(*keys, "driver", flag=flag)
        .annotate(**{n: Sum(n) for n in DRIVER_SUMS})
        .order_by()
    )
    return survey, drivers


# Periods up to a quarter long are drawn week by week (13 points for 90 days, 5 for 30); longer ones by month.
WEEKLY_UP_TO_DAYS = 92


def trend_grain(period: Period) -> str:
    return "week" if period.days <= WEEKLY_UP_TO_DAYS else "month"


def _trend(departments: list[int], period: Period) -> list[dict]:
    """Residents' responses and the satisfaction and trust shares per week or month (see trend_grain): two queries.

    Each row starts at its week's Monday or its month's first day, or at the period's start for the first one."""
    scope = {"department__in": departments, "day__range": (period.start, period.end)}
    bucket = Trunc("day", trend_grain(period), output_field=DateField())
    buckets: dict[date, dict] = defaultdict(
        lambda: {"responses": 0, "satisfaction": DriverTally(), "trust": DriverTally()}
    )
    for row in (
        SurveyMetricDay.objects.filter(answered_by_residents(), **scope)
        .values(start=bucket)
        .annotate(responses=Sum("responses"))
        .order_by()
    ):
        buckets[row["start"]]["responses"] = row["responses"]
    driver_rows = (
        SurveyDriverDay.objects.filter(
            answered_by_residents(), **scope, driver__in=(A11Driver.SATISFACTION, A11Driver.TRUST)
        )
        .values("driver", start=bucket)
        .annotate(**{n: Sum(n) for n in DRIVER_SUMS})
        .order_by()
    )
    for driver_row in driver_rows:
        buckets[driver_row["start"]][driver_row["driver"]].add(driver_row)
    return [
        {
            "start": max(start, period.start),
            "responses": values["responses"],
            "satisfaction": values["satisfaction"].share,
            "trust": values["trust"].share,
            "satisfaction_answers": values["satisfaction"].answers,
            "trust_answers": values["trust"].answers,
        }
        for start, values in sorted(buckets.items())
    ]


def _latest_compliance(departments: list[int], period: Period) -> list[StandardCompliance]:
    """How the subtree's standards did in the latest quarter with figures, up to the period's end."""
    rows = list(
        StandardCompliance.objects.filter(standard__department__in=departments, quarter__lte=period.end)
        .select_related("standard__department", "standard__service_point")
        .order_by("-quarter", "standard__department__path", "standard__order")[:500]
    )
    latest = rows[0].quarter if rows else None
    return [row for row in rows if row.quarter == latest]


def _training(departments: list[int], period: Period) -> tuple[dict[str, Any], dict[int, Mapping[str, Any]]]:
    rows = list(
        TrainingMetricMonth.objects.filter(
            department__in=departments, month__range=(month_start(period.start), period.end)
        )
        .values(
            "department",
            "month",
            "sessions_held",
            "attendances",
            "training_hours",
            "commitments_made",
            "commitments_kept",
            "commitments_overdue",
            "ambassadors_certified",
            "employees_trained_12m",
            "headcount",
        )
        .order_by("month")
    )
    last_month = rows[-1]["month"] if rows else None
    totals: defaultdict[str, Any] = defaultdict(int)
    by_department: dict[int, Mapping[str, Any]] = {}
    for row in rows:
        for name in (
            "sessions_held",
            "attendances",
            "training_hours",
            "commitments_made",
            "commitments_kept",
            "commitments_overdue",
            "ambassadors_certified",
        ):
            totals[name] += row[name]
        if row["month"] == last_month:
            by_department[row["department"]] = row
            totals["trained_12m"] += row["employees_trained_12m"]
            totals["headcount"] += row["headcount"]
    totals["coverage"] = percent(totals["trained_12m"], totals["headcount"])
    totals["month"] = last_month
    return dict(totals), by_department


def _evaluations(departments: list[int]) -> tuple[dict, dict[int, EvaluationMetric]]:
    """The latest cycle's progress in the subtree."""
    rows = list(
        EvaluationMetric.objects.filter(department__in=departments)
        .select_related("cycle")
        .order_by("-cycle__period_end", "-cycle_id")[:1000]
    )
    cycle = rows[0].cycle if rows else None
    rows = [row for row in rows if row.cycle_id == getattr(cycle, "pk", None)]
    bands: dict[str, int] = defaultdict(int)
    for row in rows:
        for band, count in row.by_band.items():
            bands[band] += count
    evaluations = sum(row.evaluations for row in rows)
    settled = sum(row.settled for row in rows)
    scored, customer_service_scored = sum(row.scored for row in rows), sum(row.customer_service_scored for row in rows)
    summary = {
        "cycle": cycle,
        "evaluations": evaluations,
        "settled": settled,
        "progress": percent(settled, evaluations),
        "bands": sorted(bands.items(), key=lambda item: -item[1]),
        "mean_score": mean(sum(row.score_sum for row in rows), scored),
        "mean_customer_service": mean(sum(row.customer_service_sum for row in rows), customer_service_scored),
        "certified": sum(1 for row in rows if row.certified),
        "departments": len(rows),
    }
    return summary, {row.department_id: row for row in rows}


def _internal_customers(subtree: list[Department], period: Period, previous: Period) -> InternalCustomers:
    """The internal-customer section: staff answers per rated department of the subtree, two queries."""
    survey, drivers = _survey_rows(
        [department.pk for department in subtree], period, previous, audience=answered_by_staff(), keys=("department",)
    )
    current, before = Tally(), Tally()
    rated: dict[int, Tally] = defaultdict(Tally)

    def tallies_of(row: Mapping[str, Any]) -> tuple[Tally, ...]:
        return (before,) if row["flag"] == "then" else (current, rated[row["department"]])

    for row in survey:
        for tally in tallies_of(row):
            tally.add(row)
    for row in drivers:
        for tally in tallies_of(row):
            tally.drivers[row["driver"]].add(row)
    providers = [(department, rated[department.pk]) for department in subtree if department.pk in rated]
    return InternalCustomers(current=current, before=before, providers=sorted(providers, key=lambda item: item[0].path))


def build_dashboard(*, root: Department, period: Period) -> Dashboard:
    previous = period.previous()
    subtree = list(Department.objects.subtree(root).only("pk", "name", "path", "parent_id", "depth"))
    ids = [department.pk for department in subtree]
    units = [Unit(department=root, label=root.name)] + [
        Unit(department=department, label=department.name) for department in subtree if department.parent_id == root.pk
    ]

    def units_of(department_id: int) -> list[Unit]:
        """The root, and the child whose subtree holds the department (if any)."""
        path = paths[department_id]
        return [units[0]] + [unit for unit in units[1:] if path.startswith(unit.department.path)]

    paths = {department.pk: department.path for department in subtree}
    survey, drivers = _survey_rows(ids, period, previous, audience=answered_by_residents())
    current, before = Tally(), Tally()
    channels: dict[str, Tally] = defaultdict(Tally)
    points: dict[int, Tally] = defaultdict(Tally)
    for row in survey:
        if row["flag"] == "then":
            before.add(row)
            continue
        for tally in (
            current,
            channels[row["channel"]],
            points[row["service_point"]],
            *(u.tally for u in units_of(row["department"])[1:]),
        ):
            tally.add(row)
    for row in drivers:
        if row["flag"] == "then":
            before.drivers[row["driver"]].add(row)
            continue
        for tally in (
            current,
            channels[row["channel"]],
            points[row["service_point"]],
            *(u.tally for u in units_of(row["department"])[1:]),
        ):
            tally.drivers[row["driver"]].add(row)
    units[0].tally = current

    standards = _latest_compliance(ids, period)
    for compliance in standards:
        for unit in units_of(compliance.standard.department_id):
            unit.standards_measured += 1
            unit.standards_met += int(bool(compliance.met))
    training, training_rows = _training(ids, period)
    for department_id, month in training_rows.items():
        for unit in units_of(department_id):
            unit.trained_12m += month["employees_trained_12m"]
            unit.headcount += month["headcount"]
    evaluations, evaluation_rows = _evaluations(ids)
    for department_id, metric in evaluation_rows.items():
        for unit in units_of(department_id):
            unit.customer_service_scored += metric.customer_service_scored
            unit.customer_service_sum += metric.customer_service_sum
    service_points = ServicePoint.objects.in_bulk(list(points)) if points else {}
    initiatives = list(Initiative.objects.filter(department__in=ids).select_related("department", "owner"))
    counts: list[tuple[str | Promise, int]] = [
        (label, sum(1 for i in initiatives if i.status == value)) for value, label in InitiativeStatus.choices
    ]
    return Dashboard(
        root=root,
        period=period,
        previous=previous,
        current=current,
        before=before,
        units=units,
        channels=sorted(
            ((Channel(code), tally) for code, tally in channels.items()), key=lambda item: -item[1].responses
        ),
        service_points=sorted(
            ((service_points[pk], tally) for pk, tally in points.items() if pk in service_points),
            key=lambda item: -item[1].responses,
        ),
        trend=_trend(ids, period),
        trend_grain=trend_grain(period),
        standards=standards,
        training=training,
        evaluations=evaluations,
        initiatives=initiatives,
        initiative_counts=counts,
        data_as_of=runs.data_as_of(),
        internal=_internal_customers(subtree, period, previous),
    )
