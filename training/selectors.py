"""Reads of training that are more than a filter, named for what they return. Each takes the person who
reads when what it returns depends on them, and narrows by `org.access.scope` itself."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from org.access import employee_of, scope
from org.models import Employee
from serviceculture.dates import local_day_bounds, local_today
from training.models import (
    CREDITED_STATUSES,
    Attendance,
    Certificate,
    Commitment,
    ModuleCompletion,
    ModuleVersion,
    Session,
)


def current_modules() -> list[tuple[int, str]]:
    """(module id, title) of every module's current published version, by title: the coverage columns."""
    return list(ModuleVersion.objects.current().order_by("title").values_list("module_id", "title"))


def training_coverage(*, user: User, modules: list[tuple[int, str]]) -> QuerySet[Employee]:
    """The active employees the person may see, each with their sessions attended, standing certificates,
    hours, modules completed, last day trained, and a `module_<id>` date of last completion per module."""
    completed_on = {
        f"module_{module_id}": Max(
            "module_completions__completed_on", filter=Q(module_completions__module_version__module_id=module_id)
        )
        for module_id, _title in modules
    }
    people = (
        scope(Employee.objects.filter(active=True), user)
        .select_related("department")
        .order_by("department__path", "last_name", "first_name")
    )
    # Sums and counts over other tables are subqueries, so the completion join cannot multiply them.
    return people.annotate(
        sessions_attended=_count_per_employee(Attendance.objects.filter(status__in=CREDITED_STATUSES)),
        certificates=_count_per_employee(Certificate.objects.standing()),
        hours=Coalesce(
            Subquery(
                ModuleCompletion.objects.filter(employee=OuterRef("pk"))
                .values("employee")
                .annotate(total=Sum("hours"))
                .values("total")
            ),
            Decimal("0.00"),
        ),
        modules_completed=Count("module_completions__module_version__module", distinct=True),
        last_trained=Max("module_completions__completed_on"),
        **completed_on,
    )


def _count_per_employee(rows: QuerySet) -> Coalesce:
    return Coalesce(
        Subquery(rows.filter(employee=OuterRef("pk")).values("employee").annotate(n=Count("pk")).values("n")), 0
    )


def roster_of(session: Session) -> QuerySet[Attendance]:
    """The session's roster with each person's department, by name."""
    return session.attendances.select_related("employee__department").order_by(
        "employee__last_name", "employee__first_name"
    )


def feedback_averages(session: Session, *, count: int) -> dict[str, Decimal | None]:
    """The average usefulness and facilitator rating of the session's `count` feedback answers, to a tenth."""
    sums = session.feedback.aggregate(
        usefulness=Coalesce(Sum("usefulness"), 0), facilitator=Coalesce(Sum("facilitator_rating"), 0)
    )
    return {name: (Decimal(total) / count).quantize(Decimal("0.1")) if count else None for name, total in sums.items()}


def overdue_commitments(user) -> QuerySet[Commitment]:
    """Follow-ups past their date of everyone the person may see (org.access: a head's subtree, a supervisor's
    direct reports, everyone for trainers), except the person's own, which their own page shows."""
    visible = scope(Commitment.objects.overdue(local_today()), user)
    own = employee_of(user)
    return visible.exclude(employee=own) if own is not None else visible


def sessions_facilitated(user, *, day: date | None = None) -> QuerySet[Session]:
    """The sessions the person facilitates that they may see, soonest first; with `day`, only those starting
    on that local calendar day."""
    sessions = scope(Session.objects.filter(facilitator=employee_of(user)), user)
    if day is not None:
        start, end = local_day_bounds(day, day)
        sessions = sessions.filter(starts_at__gte=start, starts_at__lt=end)
    return sessions.order_by("starts_at", "pk")
