"""Reads of the evaluations app that are more than a filter: one evaluation with what its pages show, a
person's to-do list, the cycle dashboard's progress and overdue statuses, and calibration's distribution of
bands. Views and jobs call these; none of them writes."""

import operator
from functools import reduce

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from evaluations.models import (
    SETTLED_STATUSES,
    Certification,
    Cycle,
    CycleStatus,
    Evaluation,
    EvaluationScore,
    EvaluationStatus,
    SignerRole,
)
from evaluations.services.roles import is_hr, reviewed_by_hr, reviewing_head_of, visible_evaluations
from evaluations.services.workflow import RATABLE
from org.access import employee_of, get_visible_or_404, has_role, headed_departments
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


def where_it_is_now(evaluation: Evaluation) -> str:
    """Who holds the evaluation now and for what, named, for the message after each step of the workflow:
    the evaluator while it is rated, the employee for the self-evaluation and the acknowledgement, the
    reviewing head (or HR where no head may review it) once rated, HR to clear, finalise and release."""
    employee = evaluation.employee.full_name
    hr = _("HR staff")
    match evaluation.status:
        case Status.DRAFT:
            name = evaluation.evaluator.full_name if evaluation.evaluator is not None else hr
            return _("the evaluation is now with %(name)s to rate") % {"name": name}
        case Status.SELF_EVALUATION:
            return _("the evaluation is now with %(name)s for their self-evaluation") % {"name": employee}
        case Status.HR_REVIEW:
            return _("the result is below expectations, so the evaluation is now with %(name)s to check") % {"name": hr}
        case Status.RATED:
            head = reviewing_head_of(evaluation)
            return _("the evaluation is now with %(name)s for review") % {"name": head.full_name if head else hr}
        case Status.REVIEWED:
            return _("the evaluation is now with %(name)s to finalise") % {"name": hr}
        case Status.FINALISED:
            return _("the evaluation stays with %(name)s until it is released to %(employee)s") % {
                "name": hr,
                "employee": employee,
            }
        case Status.RELEASED:
            return _("the evaluation is now with %(name)s to read and acknowledge") % {"name": employee}
    return _("the evaluation is complete")


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


# What waits for a person, by kind: the keys of `evaluations_waiting` and of the to-do page's `?waiting=`.
WAITING_KINDS = ("self_evaluate", "acknowledge", "rate", "review", "hr")


def evaluations_waiting(user) -> dict[str, Q]:
    """What waits for this person, by kind (WAITING_KINDS), as conditions on `visible_evaluations(user)`:
    their own to self-evaluate or acknowledge, those they rate, those a department head reviews (not their own
    and not those they rated), and HR's reviews, finalising and releasing. A kind that is not theirs is absent."""
    employee = employee_of(user)
    waiting: dict[str, Q] = {}
    if employee is not None:
        waiting["self_evaluate"] = Q(employee=employee, status=Status.SELF_EVALUATION)
        waiting["acknowledge"] = Q(employee=employee, status=Status.RELEASED)
        waiting["rate"] = Q(evaluator=employee, status__in=RATABLE)
        if has_role(user, Role.DEPARTMENT_HEAD):
            waiting["review"] = Q(status=Status.RATED) & ~Q(employee=employee) & ~Q(evaluator=employee)
    if is_hr(user):
        waiting["hr"] = Q(status__in=[Status.HR_REVIEW, Status.REVIEWED, Status.FINALISED]) | Q(
            reviewed_by_hr(), status=Status.RATED
        )
    return waiting


def evaluations_to_do(user, *, kind: str = "") -> QuerySet[Evaluation]:
    """The evaluations waiting for this person (`evaluations_waiting`), all kinds or the one named."""
    waiting = evaluations_waiting(user)
    conditions = [waiting[kind]] if kind else list(waiting.values())
    if not conditions:
        return Evaluation.objects.none()
    return visible_evaluations(user).filter(reduce(operator.or_, conditions))


def evaluations_waiting_counts(user) -> dict[str, int]:
    """How many evaluations wait for this person, per kind of `evaluations_waiting`. One query."""
    waiting = evaluations_waiting(user)
    if not waiting:
        return {}
    counts = visible_evaluations(user).aggregate(
        **{kind: Count("pk", filter=condition) for kind, condition in waiting.items()}
    )
    return {kind: counts[kind] for kind in waiting}


def open_cycle_progress(user) -> list[dict]:
    """Per open cycle the person may see evaluations of, how many of its evaluations are in each status, in
    the order of the workflow. One query."""
    rows = (
        visible_evaluations(user)
        .filter(cycle__status=CycleStatus.OPEN)
        .values("cycle_id", "cycle__name", "status")
        .annotate(count=Count("pk"))
        .order_by("cycle__name")
    )
    cycles: dict[int, dict] = {}
    for row in rows:
        cycle = cycles.setdefault(row["cycle_id"], {"id": row["cycle_id"], "name": row["cycle__name"], "counts": {}})
        cycle["counts"][row["status"]] = row["count"]
    for cycle in cycles.values():
        cycle["states"] = [
            {"status": status, "label": label, "count": cycle["counts"][status]}
            for status, label in Status.choices
            if status in cycle["counts"]
        ]
        cycle["total"] = sum(cycle["counts"].values())
    return list(cycles.values())


def awaiting_certification(user) -> list[dict]:
    """Per open cycle, how many finalised evaluations of the departments the person heads wait for their
    signature: those of a department no active head's certification covers yet (pay cannot be released
    before it). Empty for someone who heads nothing. Three queries, whatever the number of evaluations."""
    departments = headed_departments(user)
    if not departments:
        return []
    cycles = {
        cycle.pk: {"id": cycle.pk, "name": cycle.name, "count": 0}
        for cycle in Cycle.objects.filter(status=CycleStatus.OPEN).order_by("name")
    }
    signed = set(
        Certification.objects.active()
        .filter(cycle__status=CycleStatus.OPEN, signer_role=SignerRole.DEPARTMENT_HEAD)
        .values_list("cycle_id", "department__path")
    )
    headed = reduce(operator.or_, (Q(department__path__startswith=department.path) for department in departments))
    rows = (
        visible_evaluations(user)
        .filter(headed, cycle__status=CycleStatus.OPEN, status__in=SETTLED_STATUSES)
        .values("cycle_id", "department__path")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows:
        path = row["department__path"]
        covered = any(cycle == row["cycle_id"] and path.startswith(prefix) for cycle, prefix in signed)
        if not covered and row["cycle_id"] in cycles:  # a cycle opened since the first query waits for next time
            cycles[row["cycle_id"]]["count"] += row["count"]
    return list(cycles.values())
