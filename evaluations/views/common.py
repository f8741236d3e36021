"""What every evaluations view shares: the roles that may use a page, and saving a form with its inline rows."""

from django.contrib import messages
from django.db import transaction

from org.roles import Role

HR_ONLY = (Role.HR, Role.PROGRAM_ADMIN)
HR_AND_HEADS = (Role.HR, Role.PROGRAM_ADMIN, Role.DEPARTMENT_HEAD)


def saved_with_rows(request, form, rows, message: str) -> bool:
    """Save a posted form and its inline rows together, or neither; True when saved."""
    if request.method != "POST" or not (form.is_valid() and rows.is_valid()):
        return False
    with transaction.atomic():
        rows.instance = form.save()
        rows.save()
    messages.success(request, message)
    return True
