"""Reads of the evaluations app that are more than a filter: one evaluation with what its pages show, a
person's to-do list, the cycle dashboard's progress and overdue statuses, and calibration's distribution of
bands. Views and jobs call these; none of them writes."""

from django.db.models import Avg, Count, Prefetch, QuerySet

from evaluations.models import Cycle, Evaluation, EvaluationScore, EvaluationStatus
from evaluations.services.roles import is_hr, reviewed_by_hr, visible_evaluations
from evaluations.services.workflow import RATABLE
from org.access import employee_of, get_visible_or_404, has_role
from org.roles import Role
from serviceculture.dates import local_today

Status = EvaluationStatus


def get_evaluation_or_404(user, pk: int) -> Evaluation:
    """The evaluation if this person may open it (`visible_evaluations`); otherwise it does not exist for them."""
    visible = (
        visible_evaluations(user)
        .select_related("cycle", "employee", "department", "evaluator", "template", "job_class")
        .prefetch_related(Prefetch("scores", queryset=EvaluationScore.objects.order_by("order", "pk")), "cycle__bands")
    )
    return get_visible_or_404(Evaluation.objects.all(), user, visible=visible, pk=pk)


def overdue_statuses(cycle: Cycle) -> list[str]:
    """The statuses whose due date in this cycle has passed."""
    today = local_today()
    due = {
        EvaluationStatus.SELF_EVALUATION: cycle.self_evaluation_due,
        EvaluationStatus.DRAFT: cycle.ratings_due,
        EvaluationStatus.RATED: cycle.review_due,
        EvaluationStatus.HR_REVIEW: cycle.review_due,
        EvaluationStatus.REVIEWED: cycle.final_due,
    }
    return [status for status, date in due.items() if date < today]


def cycle_progress(cycle: Cycle) -> list[dict]:
    """One row per department: how many evaluations in each status. One query."""
    counts = (
        Evaluation.objects.filter(cycle=cycle)
        .values("department_id", "department__name", "department__path", "status")
        .annotate(count=Count("pk"))
        .order_by("department__path")
    )
    rows: dict[int, dict] = {}
    for item in counts:
        row = rows.setdefault(
            item["department_id"],
            {
                "id": item["department_id"],
                "name": item["department__name"],
                "depth": item["department__path"].count("/") - 2,
                "by_status": {},
                "total": 0,
            },
        )
        row["by_status"][item["status"]] = item["count"]
        row["total"] += item["count"]
    for row in rows.values():
        row["cells"] = [row["by_status"].get(status, 0) for status in EvaluationStatus.values]
    return list(rows.values())


def band_distribution(evaluations: QuerySet[Evaluation], bands) -> dict:
    """Count and share of each band, and the mean score. Two queries."""
    rows = evaluations.exclude(band="").values("band").annotate(count=Count("pk")).order_by()
    counts = {row["band"]: row["count"] for row in rows}
    total = sum(counts.values())
    mean = evaluations.aggregate(mean=Avg("score"), service=Avg("customer_service_score"))
    return {
        "total": total,
        "mean": mean["mean"],
        "service": mean["service"],
        "bands": [
            {
                "name": band.name,  # in the reader's language; evaluations store the English key
                "count": counts.get(band.key, 0),
                "share": round(100 * counts.get(band.key, 0) / total) if total else 0,
            }
            for band in bands
        ],
    }


def evaluations_to_do(user) -> QuerySet[Evaluation]:
    """The evaluations waiting for this person: their own to self-evaluate or acknowledge, those they rate,
    those a department head reviews, and HR's reviews, finalising and releasing."""
    employee = employee_of(user)
    visible = visible_evaluations(user)
    waiting = []
    if employee is not None:
        waiting.append(visible.filter(employee=employee, status__in=[Status.SELF_EVALUATION, Status.RELEASED]))
        waiting.append(visible.filter(evaluator=employee, status__in=RATABLE))
        if has_role(user, Role.DEPARTMENT_HEAD):
            waiting.append(visible.filter(status=Status.RATED).exclude(employee=employee).exclude(evaluator=employee))
    if is_hr(user):
        waiting.append(visible.filter(status__in=[Status.HR_REVIEW, Status.REVIEWED, Status.FINALISED]))
        waiting.append(visible.filter(reviewed_by_hr(), status=Status.RATED))
    items = Evaluation.objects.none()
    for queryset in waiting:
        items = items | queryset
    return items
