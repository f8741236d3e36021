"""Read-only views of one employee's training, for their own page and the employee page section."""

from decimal import Decimal

from django.utils import timezone

from org.access import scope
from org.models import Employee
from training.models import CREDITED_STATUSES, Attendance, Certificate, Commitment, ModuleCompletion


def employee_training(employee: Employee, *, viewer=None, only_due_commitments: bool = False) -> dict:
    """Upcoming sessions, sessions to reflect on, completions, hours, commitments and certificates.

    With `viewer` (someone else's page), only the rows that person may see (org.access's scope()); with
    `only_due_commitments`, only the commitments whose follow-up is due (today or earlier, not yet recorded).
    A fixed number of queries however long the person's history.
    """
    now = timezone.now()
    today = timezone.localdate()

    def rows(model):
        mine = model.objects.filter(employee=employee)
        return mine if viewer is None else scope(mine, viewer)

    attendances = rows(Attendance).select_related("session__module_version")
    commitments = rows(Commitment)
    if only_due_commitments:
        commitments = commitments.due(today)
    completions = list(rows(ModuleCompletion).select_related("module_version").order_by("-completed_on"))
    certificates = list(rows(Certificate).select_related("program"))
    for certificate in certificates:
        certificate.valid = certificate.is_valid_on(today)
    return {
        "upcoming": list(attendances.filter(session__starts_at__gte=now).order_by("session__starts_at")),
        "attended": list(attendances.filter(status__in=CREDITED_STATUSES).order_by("-session__starts_at")[:10]),
        "completions": completions,
        "hours": sum((completion.hours for completion in completions), Decimal("0.00")),
        "commitments": list(commitments.select_related("module_version").order_by("-follow_up_on")),
        "certificates": certificates,
        "today": today,
        "only_due_commitments": only_due_commitments,
    }
