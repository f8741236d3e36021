"""Training metrics per (calendar month, department). An employee counts in their current department.

Completions (in a session or self-paced) are what "trained" and "hours" mean: taking part in a session
creates one, so nothing is counted twice.
"""

from datetime import date, timedelta

from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncMonth

from org.models import Employee
from reports.models import TrainingMetricMonth
from reports.periods import month_start, months_between, next_month
from reports.services.survey_metrics import local_bounds, local_zone
from reports.services.upsert import replace_slice
from serviceculture.dates import add_months
from training.models import CREDITED_STATUSES, Attendance, Certificate, Commitment, CommitmentOutcome, ModuleCompletion

KEY = ("month", "department_id")
COUNTS = (
    "sessions_held",
    "attendances",
    "employees_trained",
    "employees_trained_12m",
    "training_hours",
    "headcount",
    "commitments_made",
    "commitments_kept",
    "commitments_overdue",
    "ambassadors_certified",
)


def _month(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _grouped(queryset, month_field: str, **aggregates) -> dict[tuple, dict]:
    """{(month, department id): {aggregate: value}} for a queryset of rows that belong to an employee."""
    tzinfo = local_zone() if "_at" in month_field else None
    rows = (
        queryset.annotate(month=TruncMonth(month_field, tzinfo=tzinfo))
        .values("month", key_department=F("employee__department"))
        .annotate(**aggregates)
        .order_by()
    )
    return {(_month(row.pop("month")), row.pop("key_department")): row for row in rows}


def _trained_last_12_months(month: date) -> dict[int, int]:
    """Distinct employees per department with a completion in the 12 months ending with `month`."""
    rows = (
        ModuleCompletion.objects.filter(completed_on__gte=add_months(month, -11), completed_on__lt=next_month(month))
        .values(key_department=F("employee__department"))
        .annotate(people=Count("employee", distinct=True))
        .order_by()
    )
    return {row["key_department"]: row["people"] for row in rows}


def training_month_rows(first: date, last: date, *, today: date) -> list[dict]:
    """Rows for every (month, department) with any training activity between two months (first days)."""
    start, end = local_bounds(first, next_month(last) - timedelta(days=1))
    end_day = next_month(last)
    sources = [
        _grouped(
            Attendance.objects.filter(
                session__starts_at__gte=start, session__starts_at__lt=end, status__in=CREDITED_STATUSES
            ),
            "session__starts_at",
            sessions_held=Count("session", distinct=True),
            attendances=Count("pk"),
        ),
        _grouped(
            ModuleCompletion.objects.filter(completed_on__gte=first, completed_on__lt=end_day),
            "completed_on",
            employees_trained=Count("employee", distinct=True),
            training_hours=Sum("hours"),
        ),
        _grouped(
            Commitment.objects.filter(created_at__gte=start, created_at__lt=end),
            "created_at",
            commitments_made=Count("pk"),
        ),
        _grouped(
            Commitment.objects.filter(follow_up_on__gte=first, follow_up_on__lt=end_day),
            "follow_up_on",
            commitments_kept=Count("pk", filter=Q(outcome=CommitmentOutcome.KEPT)),
            commitments_overdue=Count("pk", filter=Q(outcome=CommitmentOutcome.PENDING, follow_up_on__lt=today)),
        ),
        _grouped(
            Certificate.objects.filter(issued_on__gte=first, issued_on__lt=end_day),
            "issued_on",
            ambassadors_certified=Count("pk"),
        ),
    ]
    headcount = dict(Employee.objects.active().values_list("department").annotate(people=Count("pk")).order_by())
    # Every month has a row for every department with staff, so coverage reads from any single month.
    merged: dict[tuple, dict] = {
        (month, department_id): dict.fromkeys(COUNTS, 0)
        for month in months_between(first, last)
        for department_id in headcount
    }
    for source in sources:
        for key, values in source.items():
            merged.setdefault(key, dict.fromkeys(COUNTS, 0)).update(
                {name: value or 0 for name, value in values.items()}
            )
    trained_12m = {month: _trained_last_12_months(month) for month in months_between(first, last)}
    return [
        {
            "month": month,
            "department_id": department_id,
            **counts,
            "employees_trained_12m": trained_12m[month].get(department_id, 0),
            "headcount": headcount.get(department_id, 0),
        }
        for (month, department_id), counts in merged.items()
    ]


def recompute_training_months(*, first: date, last: date, today: date, run) -> int:
    """Rebuild the training table for months `first`..`last` (first days). The caller holds the transaction."""
    return replace_slice(
        model=TrainingMetricMonth,
        rows=training_month_rows(first, last, today=today),
        key=KEY,
        slice_filter=Q(month__range=(first, last)),
        run=run,
    )


def changed_training_months(*, since) -> set[date]:
    """Months whose training rows changed at or after an instant (a change also moves later 12-month counts)."""
    months: set[date] = set()
    sources = [
        (Attendance.objects.filter(updated_at__gte=since), "session__starts_at"),
        (ModuleCompletion.objects.filter(updated_at__gte=since), "completed_on"),
        (Commitment.objects.filter(updated_at__gte=since), "follow_up_on"),
        (Commitment.objects.filter(updated_at__gte=since), "created_at"),
        (Certificate.objects.filter(updated_at__gte=since), "issued_on"),
    ]
    for queryset, field in sources:
        earliest = queryset.aggregate(first=Min(field))["first"]
        if earliest is not None:
            months.add(
                month_start(earliest.astimezone(local_zone()).date() if hasattr(earliest, "tzinfo") else earliest)
            )
    return months


def first_training_month() -> date | None:
    candidates = [
        ModuleCompletion.objects.aggregate(first=Min("completed_on"))["first"],
        Commitment.objects.aggregate(first=Min("follow_up_on"))["first"],
        Certificate.objects.aggregate(first=Min("issued_on"))["first"],
        TrainingMetricMonth.objects.aggregate(first=Min("month"))["first"],
    ]
    days = [value for value in candidates if value]
    return month_start(min(days)) if days else None
