"""Evaluation metrics per (cycle, department). Scores and bands count once an evaluation is settled
(finalised by HR or later), so a dashboard never shows a rating still under review."""

from collections import defaultdict

from django.db.models import Count, Q, Sum

from evaluations.models import Certification, Cycle, Evaluation, SignerRole
from org.models import Department
from reports.models import EvaluationMetric
from reports.services.upsert import replace_slice

KEY = ("cycle_id", "department_id")


def _empty_row() -> dict:
    return {
        "evaluations": 0,
        "settled": 0,
        "by_status": {},
        "by_band": {},
        "scored": 0,
        "score_sum": 0,
        "customer_service_scored": 0,
        "customer_service_sum": 0,
        "certified": False,
    }


def _certified_paths(cycle: Cycle) -> list[str]:
    """A head's certification covers the department and every division below it."""
    return list(
        Certification.objects.active()
        .filter(cycle=cycle, signer_role=SignerRole.DEPARTMENT_HEAD)
        .values_list("department__path", flat=True)
    )


def evaluation_rows(cycle: Cycle) -> list[dict]:
    evaluations = Evaluation.objects.filter(cycle=cycle)
    settled = evaluations.settled()
    merged: dict[int, dict] = defaultdict(_empty_row)
    for row in evaluations.values("department", "status").annotate(count=Count("pk")).order_by():
        merged[row["department"]]["by_status"][row["status"]] = row["count"]
        merged[row["department"]]["evaluations"] += row["count"]
    for row in settled.exclude(band="").values("department", "band").annotate(count=Count("pk")).order_by():
        merged[row["department"]]["by_band"][row["band"]] = row["count"]
    totals = settled.values("department").annotate(
        settled=Count("pk"),
        scored=Count("score"),
        score_sum=Sum("score"),
        customer_service_scored=Count("customer_service_score"),
        customer_service_sum=Sum("customer_service_score"),
    )
    for row in totals.order_by():
        department_id = row.pop("department")
        merged[department_id].update({name: value or 0 for name, value in row.items()})
    paths = _certified_paths(cycle)
    if paths:
        for department in Department.objects.filter(pk__in=list(merged)).only("path"):
            merged[department.pk]["certified"] = any(department.path.startswith(path) for path in paths)
    return [{"cycle_id": cycle.pk, "department_id": department_id, **row} for department_id, row in merged.items()]


def recompute_cycle(*, cycle: Cycle, run) -> int:
    """Rebuild one cycle's rows. The caller holds the transaction."""
    return replace_slice(
        model=EvaluationMetric, rows=evaluation_rows(cycle), key=KEY, slice_filter=Q(cycle=cycle), run=run
    )


def changed_since(*, since) -> bool:
    """Evaluations edited, or certifications signed or withdrawn, at or after an instant."""
    return (
        Evaluation.objects.filter(updated_at__gte=since).exists()
        or Certification.objects.filter(Q(signed_at__gte=since) | Q(withdrawn_at__gte=since)).exists()
    )
