"""How a person is named wherever the application shows one: history, approvals, signatures, who did what.

A person is shown by the name on their employee record, else the name on their sign-in account, and only
when neither exists by their username. Templates use the `person_name` filter (`{% load people %}`); pages
that list many people select `<user>__employee` with the user so that naming them costs no query.
"""

from django.core.exceptions import ObjectDoesNotExist


def person_name(user) -> str:
    """The person's name; "" for no user (a change made by a script)."""
    if user is None:
        return ""
    try:
        employee = user.employee
    except (ObjectDoesNotExist, AttributeError):
        employee = None
    if employee is not None:
        return employee.full_name
    return user.get_full_name() or user.get_username()
