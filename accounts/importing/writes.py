"""Writing a plan: a handful of bulk statements whatever the number of rows (the caller holds the transaction).

Employees are written with bulk_create and bulk_update in batches, so 2,000 rows cost a few dozen queries,
not thousands. Departments are saved one by one, parents first: each save places the department in the tree
(Department.save computes its path from its parent's), and a county has tens of departments, not thousands.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from simple_history.utils import bulk_create_with_history

from accounts.importing.departments import DepartmentWork
from accounts.importing.employees import Work
from accounts.models import Invitation
from org.models import Department, Employee, JobClass
from org.roles import Role
from serviceculture.dates import local_today

BATCH = 500
PAY_FIELDS = ("base_salary", "pay_grade", "pay_range_minimum", "pay_range_midpoint", "pay_range_maximum")


def _record_pay_history(employees: list[Employee], by: User | None) -> None:
    """One '~' pay-history row per employee, as simple-history's bulk_update_with_history writes, without
    updating the rows a second time."""
    Employee.history.bulk_history_create(employees, update=True, default_user=by, batch_size=BATCH)


def write_employees(work: Work, *, invite: bool, by: User | None = None) -> list[int]:
    """Apply an employee plan's work. Returns the ids of the invitations to send. New people and changed rows get
    an entry in the employees' pay history (salary, grade, range), recorded as `by`'s."""
    codes = Codes(
        departments={d.code: d.pk for d in Department.objects.only("id", "code")},
        job_classes={j.code: j.pk for j in JobClass.objects.only("id", "code")},
    )
    created = bulk_create_with_history(
        [Employee(**_fields(values, codes)) for values in work.create],
        Employee,
        batch_size=BATCH,
        default_user=by,
    )
    employees = {**work.employees, **{employee.employee_number: employee for employee in created}}
    ids = {number: employee.pk for number, employee in employees.items()}
    _place_under_supervisors(created, work, ids)
    _update_employees(work, codes, ids, by)
    if work.deactivate_ids:
        Employee.objects.filter(pk__in=work.deactivate_ids).update(active=False)
    switched = [*work.deactivate_ids, *(employee.pk for employee, values in work.update if "active" in values)]
    Employee.objects.filter(pk__in=switched).stamp_leaving_dates(local_today())
    _update_accounts(work)
    return _create_accounts(work, employees, invite=invite)


@dataclass(frozen=True)
class Codes:
    """The ids behind the codes a plan names (a job class code may be "": none)."""

    departments: dict[str, int]
    job_classes: dict[str, int]

    def job_class_id(self, code: str) -> int | None:
        return self.job_classes[code] if code else None


def _fields(values: dict[str, Any], codes: Codes) -> dict[str, Any]:
    fields = {name: value for name, value in values.items() if name not in ("department", "job_class", "supervisor")}
    if "department" in values:
        fields["department_id"] = codes.departments[values["department"]]
    if "job_class" in values:
        fields["job_class_id"] = codes.job_class_id(values["job_class"])
    return fields


def _place_under_supervisors(created: list[Employee], work: Work, ids: dict[str, int]) -> None:
    """New people get their supervisor once everyone exists, so a file may list a supervisor after their staff."""
    placed = []
    for employee in created:
        boss = work.supervisors.get(employee.employee_number)
        if boss:
            employee.supervisor_id = ids[boss]
            placed.append(employee)
    Employee.objects.bulk_update(placed, ["supervisor"], batch_size=BATCH)


def _update_employees(work: Work, codes: Codes, ids: dict[str, int], by: User | None) -> None:
    changed_fields: set[str] = set()
    for employee, values in work.update:
        for name, value in values.items():
            if name == "department":
                employee.department_id = codes.departments[value]
            elif name == "job_class":
                employee.job_class_id = codes.job_class_id(value)
            elif name == "supervisor":
                employee.supervisor_id = ids[value] if value else None
            else:
                setattr(employee, name, value)
            changed_fields.add(name)
    if not changed_fields:
        return
    employees = [employee for employee, _values in work.update]
    Employee.objects.bulk_update(employees, sorted(changed_fields), batch_size=BATCH)
    paid = [employee for employee, values in work.update if set(values) & set(PAY_FIELDS)]
    if paid:  # the history keeps only pay figures: a row whose pay did not change adds nothing to it
        _record_pay_history(paid, by)


def _update_accounts(work: Work) -> None:
    if not work.accounts_update:
        return
    changes = dict(work.accounts_update)
    fields = sorted({name for values in changes.values() for name in values})
    # bulk_update writes every listed column of every row: start from the accounts as they are.
    users = list(User.objects.filter(pk__in=changes).only("id", *fields))
    for user in users:
        for name, value in changes[user.pk].items():
            setattr(user, name, value)
    User.objects.bulk_update(users, fields, batch_size=BATCH)


def _create_accounts(work: Work, employees: dict[str, Employee], *, invite: bool) -> list[int]:
    if not work.accounts_create:
        return []
    unusable = make_password(None)  # no password until the person sets one (or signs in by SSO)
    users = User.objects.bulk_create(
        [
            User(
                username=spec["username"],
                email=spec["email"],
                first_name=spec["first_name"][:150],
                last_name=spec["last_name"][:150],
                password=unusable,
                is_active=True,
            )
            for spec in work.accounts_create
        ],
        batch_size=BATCH,
    )
    group, _created = Group.objects.get_or_create(name=Role.EMPLOYEE.value)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in users], batch_size=BATCH
    )
    linked = []
    for spec, user in zip(work.accounts_create, users, strict=True):
        employee = employees[spec["number"]]
        employee.user_id = user.pk
        linked.append(employee)
    Employee.objects.bulk_update(linked, ["user"], batch_size=BATCH)
    if not invite:
        return []
    invitations = Invitation.objects.bulk_create([Invitation(user_id=user.pk) for user in users], batch_size=BATCH)
    return [invitation.pk for invitation in invitations]


def write_departments(work: DepartmentWork) -> None:
    """Create and change departments parents first, so each finds its parent placed in the tree already."""
    by_code = {d.code: d for d in Department.objects.all()}
    for code in work.order:
        values = work.values[code]
        department = by_code.get(code) or Department(code=code)
        department.name_en = values["name"]
        department.active = values["active"]
        department.parent = by_code[values["parent"]] if values["parent"] else None
        department.save()
        by_code[code] = department
    if work.deactivate_ids:
        Department.objects.filter(pk__in=work.deactivate_ids).update(active=False)
