"""What every evaluations view shares: the roles that may use a page, and turning a refused step into a message."""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction

from org.roles import Role

HR_ONLY = (Role.HR, Role.PROGRAM_ADMIN)
HR_AND_HEADS = (Role.HR, Role.PROGRAM_ADMIN, Role.DEPARTMENT_HEAD)


def error_messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


@contextmanager
def reported(request, success: str = ""):
    """Run a service call; a ValidationError becomes error messages on the page, success a success message.

    Yields a dict whose "ok" tells the caller whether the call went through.
    """
    outcome = {"ok": False}
    try:
        yield outcome
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        outcome["ok"] = True
        if success:
            messages.success(request, success)


def saved_with_rows(request, form, rows, message: str) -> bool:
    """Save a posted form and its inline rows together, or neither; True when saved."""
    if request.method != "POST" or not (form.is_valid() and rows.is_valid()):
        return False
    with transaction.atomic():
        rows.instance = form.save()
        rows.save()
    messages.success(request, message)
    return True
