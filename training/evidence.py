"""What the evaluations app may read about an employee's training (evidence for an evaluation)."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from org.models import Employee
from training.models import Certificate, Commitment, CommitmentOutcome, ModuleCompletion


def training_summary(*, employee: Employee, start: date, end: date) -> dict:
    """Training between two local dates, both included.

    Commitments count when they were due for follow-up in the period; certificates still standing
    when they were valid at any moment of it.
    """
    completions = list(
        ModuleCompletion.objects.filter(employee=employee, completed_on__range=(start, end))
        .select_related("module_version", "session")
        .order_by("completed_on", "pk")
    )
    hours = sum((completion.hours for completion in completions), Decimal("0.00"))
    commitments = Commitment.objects.filter(employee=employee, follow_up_on__range=(start, end)).aggregate(
        total=Count("pk"), kept=Count("pk", filter=Q(outcome=CommitmentOutcome.KEPT))
    )
    certificates = list(
        Certificate.objects.standing()
        .filter(employee=employee, issued_on__lte=end)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=start))
        .select_related("program")
    )
    return {
        "completions": completions,
        "hours": hours,
        "commitments_total": commitments["total"] or 0,
        "commitments_kept": commitments["kept"] or 0,
        "certificates": certificates,
    }
