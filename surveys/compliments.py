"""Who a resident's compliment may name, and whom the name they gave points to.

Rules:
- The people offered are the active staff of the department the response was given in and of its
  sub-departments (a resident thanks someone where they were served), among those the person deciding may see
  (org.access). Nobody else can be recorded for it.
- A person the resident picked from the form's list (or the one already confirmed) stays chosen; a decided
  compliment (confirmed or rejected) is not guessed at again.
- Otherwise the name they typed points to the people it fits: every word of it begins a word of their full
  name, ignoring case ("maria", "Maria L" and "m lopez" fit Maria Lopez). Exactly one fit is chosen in advance
  for staff to check; two or more fits choose nobody, and the page says how many people share the name.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import QuerySet

from org.access import scope
from org.models import Employee
from surveys.models import Compliment, ComplimentStatus


@dataclass(frozen=True)
class ComplimentChoice:
    employees: QuerySet[Employee]
    chosen: Employee | None
    # How many of `employees` the typed name fits (0 when the resident picked someone from the list).
    fits: int


def fits_name(named: str, employee: Employee) -> bool:
    words = employee.full_name.casefold().split()
    given = named.casefold().replace(".", " ").split()
    return bool(given) and all(any(word.startswith(part) for word in words) for part in given)


def compliment_choice(*, compliment: Compliment, user: User) -> ComplimentChoice:
    """The staff `user` may record for the compliment and whom to choose in advance (see the module's rules)."""
    department = compliment.response.department
    employees = scope(Employee.objects.active(), user).filter(department__path__startswith=department.path)
    employees = employees.order_by("last_name", "first_name", "pk")
    if compliment.employee_id is not None or compliment.status != ComplimentStatus.PENDING:
        return ComplimentChoice(employees=employees, chosen=compliment.employee, fits=0)
    fitting = [employee for employee in employees if fits_name(compliment.named_text, employee)]
    return ComplimentChoice(employees=employees, chosen=fitting[0] if len(fitting) == 1 else None, fits=len(fitting))
