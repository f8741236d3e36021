"""Department enhancement plans: the initiatives a department commits to (DOMAIN.md, program 3)."""

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from org.models import Department, Employee
from reports.models import Initiative


@transaction.atomic
def save_initiative(
    *,
    initiative: Initiative | None,
    department: Department,
    area: str,
    description: str,
    owner: Employee | None,
    target_date: date,
    status: str,
    by: User,
) -> Initiative:
    """Record a new initiative (initiative=None) or change one, and who did; the caller has checked the person's
    scope."""
    initiative = initiative or Initiative()
    initiative.updated_by = by
    initiative.department = department
    initiative.area = area
    initiative.description = description
    initiative.owner = owner
    initiative.target_date = target_date
    initiative.status = status
    initiative.full_clean()
    initiative.save()
    return initiative
