"""Employees from an HR export: reading the rows, planning the changes, and applying them in bulk.

The rules:

- The employee number is the key: a number already in the database is that person (changed where the file
  says otherwise), a new number a new employee. A second import of the same file finds nothing to do.
- Required in every row: employee number, first name, last name, department code, job title. The other
  columns are optional; a column the file does not have leaves that field alone. A blank cell clears the
  field (no email, no supervisor, no hire date, no pay range), except a blank salary, which leaves it as it
  is (a new employee starts at 0.00): a salary cannot be "none".
- Pay range: minimum <= maximum. When the file gives no midpoint (no column, or a blank cell) but a minimum
  and a maximum, the midpoint is their middle, rounded half-up to cents: the compa-ratio and the pay plans
  read the midpoint, so a range that moved must not keep the old one. A midpoint the file does give must lie
  within the range.
- A job class is named by its code (Job class code, optional; case does not matter); a code the database does not
  have, or a retired class, is a row error. A blank cell clears the person's job class.
- A supervisor is named by employee number, in the file (before or after the row: order does not matter) or
  already in the database. Nobody may end up supervising themselves, directly or round a loop.
- Leavers: a row with active = no deactivates the person; with `deactivate_absent`, so does being absent from
  the file (the file is the whole workforce). Deactivating keeps every record; their account is set inactive.
- Accounts: every active employee with a work email gets an account (username = employee number, lowercased:
  it never changes when a person marries or a department renames its mail domain, and the HR system already
  keeps it unique), in the Employee role, with no usable password; its name and email follow the employee and
  it is active exactly when the employee is. Without SSO each new account is invited to choose a password.
- Any row error stops the whole import: a half-applied file would deactivate the person whose row had a typo.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.importing import values
from accounts.importing.files import Column, Table, read_table
from accounts.importing.plan import Entry, FieldChange, Plan, RowError, verbose_name
from accounts.roles import active_program_admins
from org.models import Department, Employee, JobClass

COLUMNS = (
    Column(
        "employee_number",
        "Employee number",
        ("employee no", "employee id", "emp no", "emp number", "emp id", "emplid", "empl id", "worker id", "employee"),
        required=True,
    ),
    Column("first_name", "First name", ("first", "given name", "legal first name"), required=True),
    Column("last_name", "Last name", ("last", "surname", "family name", "legal last name"), required=True),
    Column("work_email", "Work email", ("email", "email address", "work email address", "primary work email")),
    Column(
        "department_code",
        "Department code",
        ("department", "dept", "dept code", "dept id", "department id", "org code"),
        required=True,
    ),
    Column(
        "supervisor_number",
        "Supervisor number",
        ("supervisor", "supervisor employee number", "supervisor id", "manager id", "manager employee number",
         "reports to", "supervisor emp no"),
    ),
    Column("job_title", "Job title", ("title", "position", "position title", "business title"), required=True),
    Column("job_class_code", "Job class code", ("job class", "job code", "class code", "job class id",
                                                 "classification", "classification code")),
    Column("hire_date", "Hire date", ("start date", "date of hire", "original hire date", "hired")),
    Column("pay_grade", "Pay grade", ("grade", "salary grade")),
    Column("pay_range_minimum", "Pay range minimum", ("range minimum", "pay range min", "grade minimum",
                                                      "salary minimum", "minimum", "min")),
    Column("pay_range_midpoint", "Pay range midpoint", ("range midpoint", "grade midpoint", "midpoint", "mid")),
    Column("pay_range_maximum", "Pay range maximum", ("range maximum", "pay range max", "grade maximum",
                                                      "salary maximum", "maximum", "max")),
    Column("base_salary", "Salary", ("base salary", "annual salary", "annual rate")),
    Column("active", "Active", ("status", "employee status", "is active")),
)  # fmt: skip

REQUIRED = ("employee_number", "first_name", "last_name", "department_code", "job_title")
TEXT_LIMITS = {"employee_number": 20, "first_name": 100, "last_name": 100, "department_code": 20,
               "supervisor_number": 20, "job_title": 150, "job_class_code": 20, "pay_grade": 40}  # fmt: skip
MONEY_FIELDS = ("pay_range_minimum", "pay_range_midpoint", "pay_range_maximum", "base_salary")
# The fields an import compares and writes, in the order a change lists them.
COMPARED = ("first_name", "last_name", "work_email", "department", "supervisor", "job_title", "job_class", "hire_date",
            "pay_grade", "pay_range_minimum", "pay_range_midpoint", "pay_range_maximum", "base_salary", "active")  # fmt: skip
LOADED = ("id", "employee_number", "user", "department", "supervisor", "first_name", "last_name", "work_email",
          "job_title", "job_class", "hire_date", "pay_grade", "pay_range_minimum", "pay_range_midpoint", "pay_range_maximum",
          "base_salary", "active")  # fmt: skip


@dataclass
class Row:
    row: int
    number: str
    values: dict[str, Any]  # field -> value, for the columns the file has (department, job class, supervisor as codes)


@dataclass
class Work:
    """What apply writes, decided by the plan."""

    create: list[dict[str, Any]] = field(default_factory=list)
    update: list[tuple[Employee, dict[str, Any]]] = field(default_factory=list)
    deactivate_ids: list[int] = field(default_factory=list)
    supervisors: dict[str, str | None] = field(default_factory=dict)  # number -> supervisor's number, file rows
    accounts_create: list[dict[str, str]] = field(default_factory=list)
    accounts_update: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    employees: dict[str, Employee] = field(default_factory=dict)  # number -> the loaded employee


def label(name: str) -> str:
    model_field = name.removesuffix("_number").removesuffix("_code")
    if name == "base_salary":
        return _("Salary")
    return verbose_name(Employee, model_field)


def read_rows(table: Table) -> tuple[list[Row], list[RowError], set[str]]:
    """The rows that read cleanly, the errors of the others, and every employee number the file names."""
    rows, errors, named = [], [], set()
    for number, cells in table.rows:
        row, row_errors = _read_row(table, number, cells)
        errors += row_errors
        named.add(row.number if row is not None else row_errors[0].key)
        if row is not None:
            rows.append(row)
    return rows, errors, named


def _read_row(table: Table, number: int, cells: list[Any]) -> tuple[Row | None, list[RowError]]:
    key = values.text(table.cell(cells, "employee_number"), limit=1000)[:20]
    errors: list[RowError] = []
    parsed: dict[str, Any] = {}
    for name in table.columns:
        try:
            parsed[name] = _read_cell(name, table.cell(cells, name))
        except values.CellError as problem:
            errors.append(RowError(number, key, f"{label(name)}: {problem}"))
    for name in REQUIRED:
        if name in parsed and not parsed[name]:
            errors.append(RowError(number, key, _("%(column)s is missing.") % {"column": label(name)}))
    errors += _pay_range_errors(number, key, parsed)
    if errors:
        return None, errors
    return Row(row=number, number=parsed.pop("employee_number"), values=parsed), []


def _read_cell(name: str, cell: Any) -> Any:
    if name in TEXT_LIMITS:
        return values.text(cell, limit=TEXT_LIMITS[name])
    if name in MONEY_FIELDS:
        return values.money(cell)
    if name == "work_email":
        return values.email(cell)
    if name == "hire_date":
        return values.day(cell)
    return values.active(cell)


def _pay_range_errors(number: int, key: str, parsed: dict[str, Any]) -> list[RowError]:
    low, mid, high = (parsed.get(name) for name in ("pay_range_minimum", "pay_range_midpoint", "pay_range_maximum"))
    if low is not None and high is not None and low > high:
        return [RowError(number, key, _("The pay range minimum is above its maximum."))]
    if mid is not None and ((low is not None and mid < low) or (high is not None and mid > high)):
        return [RowError(number, key, _("The pay range midpoint lies outside the range."))]
    if mid is None and "pay_range_minimum" in parsed:
        # The middle of the range, so compa-ratios follow a range that moved (see the module docstring).
        parsed["pay_range_midpoint"] = (
            None if low is None or high is None else ((low + high) / 2).quantize(values.CENTS, ROUND_HALF_UP)
        )
    return []


def plan_employees(*, content: bytes, deactivate_absent: bool, invite: bool, lock: bool = False) -> Plan:
    """The plan for an employee file. Raises ValidationError only when the file as a whole cannot be read."""
    table = read_table(content, COLUMNS)
    pay_columns = [table.has(name) for name in ("pay_range_minimum", "pay_range_maximum")]
    if (any(pay_columns) or table.has("pay_range_midpoint")) and not all(pay_columns):
        raise ValidationError(
            _(
                "A pay range needs both its columns, Pay range minimum and Pay range maximum (the midpoint is optional)."
            ),
            code="columns",
        )
    rows, errors, named = read_rows(table)
    plan = Plan(kind="employees", rows=len(table.rows), ignored_columns=table.ignored, errors=errors)
    rows = _drop_duplicates(rows, plan.errors)
    state = _State.load(lock=lock, rows=rows)
    plan.errors += state.reference_errors(rows)
    bad_rows = {error.row for error in plan.errors}
    work = Work(employees=state.employees)
    for row in rows:
        if row.row not in bad_rows:
            _plan_row(row, state, plan, work)
    if deactivate_absent:
        _plan_absent(named, state, plan, work)
    _plan_accounts([row for row in rows if row.row not in bad_rows], state, plan, work, invite=invite)
    _refuse_switching_off_every_program_admin(plan, work)
    plan.errors.sort(key=lambda error: error.row)
    plan.work = work
    return plan


def _refuse_switching_off_every_program_admin(plan: Plan, work: Work) -> None:
    """A file that leaves out the program admins (a partial export with "lists everyone" ticked) would lock
    everyone out of the program: nobody could give roles or import again."""
    switched_off = {user_id for user_id, wanted in work.accounts_update if wanted.get("is_active") is False}
    if switched_off and not active_program_admins().exclude(pk__in=switched_off).exists():
        message = _(
            "This import would switch off the account of every program admin, and nobody could run the program "
            'afterwards. Keep at least one of them active in the file, or untick "The file lists everyone".'
        )
        plan.errors.append(RowError(0, "", message))


def _drop_duplicates(rows: list[Row], errors: list[RowError]) -> list[Row]:
    first_row: dict[str, int] = {}
    kept = []
    for row in rows:
        if row.number in first_row:
            errors.append(
                RowError(
                    row.row,
                    row.number,
                    _("Employee number %(number)s is also on row %(row)s.")
                    % {"number": row.number, "row": first_row[row.number]},
                )
            )
        else:
            first_row[row.number] = row.row
            kept.append(row)
    emails = Counter(row.values.get("work_email") for row in kept if row.values.get("work_email"))
    for row in kept:
        if emails[row.values.get("work_email")] > 1:
            errors.append(
                RowError(row.row, row.number, _("Work email %(email)s is on more than one row.") % {
                    "email": row.values["work_email"]})
            )  # fmt: skip
    return kept


@dataclass
class _State:
    """The database as the plan needs it, read in a fixed number of queries."""

    departments: dict[str, Department]  # code, upper-cased -> department
    department_codes: dict[int, str]
    job_classes: dict[str, JobClass]  # code (stored upper-cased) -> job class
    job_class_codes: dict[int, str]
    employees: dict[str, Employee]
    numbers: dict[int, str]  # employee id -> number
    users: dict[int, dict[str, Any]]
    taken_usernames: set[str]

    @classmethod
    def load(cls, *, lock: bool, rows: list[Row]) -> "_State":
        departments = {d.code.upper(): d for d in Department.objects.only("id", "code", "active")}
        job_classes = {j.code.upper(): j for j in JobClass.objects.only("id", "code", "active")}
        queryset: QuerySet[Employee] = Employee.objects.only(*LOADED).order_by("pk")
        if lock:
            queryset = queryset.select_for_update()
        employees = {e.employee_number: e for e in queryset}
        user_ids = [e.user_id for e in employees.values() if e.user_id]
        users: dict[int, dict[str, Any]] = {
            u["id"]: dict(u)
            for u in User.objects.filter(pk__in=user_ids).values(
                "id", "username", "email", "first_name", "last_name", "is_active"
            )
        }
        candidates = [row.number.lower() for row in rows]
        taken = set(User.objects.filter(username__in=candidates).values_list("username", flat=True))
        return cls(
            departments=departments,
            department_codes={d.pk: d.code for d in departments.values()},
            job_classes=job_classes,
            job_class_codes={j.pk: j.code for j in job_classes.values()},
            employees=employees,
            numbers={e.pk: e.employee_number for e in employees.values()},
            users=users,
            taken_usernames=taken,
        )

    def supervisor_number(self, employee: Employee) -> str:
        return self.numbers.get(employee.supervisor_id or 0, "")

    def reference_errors(self, rows: list[Row]) -> list[RowError]:
        errors = []
        in_file = {row.number for row in rows}
        for row in rows:
            code = row.values.get("department_code", "")
            if code.upper() not in self.departments:
                errors.append(RowError(row.row, row.number, _("Unknown department code %(code)s.") % {"code": code}))
            errors += self._job_class_errors(row)
            boss = row.values.get("supervisor_number") or ""
            if boss and boss not in in_file and boss not in self.employees:
                errors.append(
                    RowError(row.row, row.number, _("Unknown supervisor number %(number)s.") % {"number": boss})
                )
        return errors + self._loops(rows)

    def _job_class_errors(self, row: Row) -> list[RowError]:
        code = row.values.get("job_class_code") or ""
        job_class = self.job_classes.get(code.upper())
        if not code or (job_class is not None and job_class.active):
            return []
        if job_class is None:
            message = _("Unknown job class code %(code)s (add the job class in admin first).") % {"code": code}
        else:
            message = _("Job class %(code)s is retired; choose the class that replaced it.") % {"code": code}
        return [RowError(row.row, row.number, message)]

    def _loops(self, rows: list[Row]) -> list[RowError]:
        """Rows whose chain of supervisors comes back round to someone already on it."""
        boss_of = {number: self.supervisor_number(e) for number, e in self.employees.items()}
        for row in rows:
            if "supervisor_number" in row.values:
                boss_of[row.number] = row.values["supervisor_number"]
        errors = []
        for row in rows:
            chain = [row.number]
            boss = boss_of.get(row.number)
            while boss and boss not in chain and len(chain) <= len(boss_of):
                chain.append(boss)
                boss = boss_of.get(boss)
            if boss and boss == row.number:
                errors.append(
                    RowError(row.row, row.number, _("Supervisor loop: %(chain)s.") % {
                        "chain": " → ".join([*chain, row.number])})
                )  # fmt: skip
        return errors


def _new_values(row: Row, state: _State) -> dict[str, Any]:
    """The row's values under the model's field names (department and supervisor as codes and numbers)."""
    codes = ("department_code", "job_class_code", "supervisor_number")
    new = {name: value for name, value in row.values.items() if name not in codes}
    if "department_code" in row.values:
        new["department"] = state.departments[row.values["department_code"].upper()].code
    if "job_class_code" in row.values:
        code = row.values["job_class_code"]
        new["job_class"] = state.job_classes[code.upper()].code if code else ""
    if "supervisor_number" in row.values:
        new["supervisor"] = row.values["supervisor_number"] or ""
    if new.get("base_salary", 0) is None:
        del new["base_salary"]  # a blank salary leaves it as it is
    return new


def _current(employee: Employee, state: _State, name: str) -> Any:
    if name == "department":
        return state.department_codes.get(employee.department_id, "")
    if name == "job_class":
        return state.job_class_codes.get(employee.job_class_id or 0, "")
    if name == "supervisor":
        return state.supervisor_number(employee)
    return getattr(employee, name)


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _plan_row(row: Row, state: _State, plan: Plan, work: Work) -> None:
    new = _new_values(row, state)
    work.supervisors[row.number] = new.get("supervisor")
    name = f"{new['first_name']} {new['last_name']}"
    existing = state.employees.get(row.number)
    if existing is None:
        plan.create.append(Entry(row.row, row.number, name))
        work.create.append({"employee_number": row.number, **new})
        return
    changes = [
        FieldChange(name_, label(name_), shown(_current(existing, state, name_)), shown(new[name_]))
        for name_ in COMPARED
        if name_ in new and _current(existing, state, name_) != new[name_]
    ]
    if not changes:
        plan.unchanged += 1
        return
    entry = Entry(row.row, row.number, name, changes)
    leaving = existing.active and new.get("active") is False
    (plan.deactivate if leaving else plan.change).append(entry)
    work.update.append((existing, {change.field: new[change.field] for change in changes}))


def _plan_absent(named: set[str], state: _State, plan: Plan, work: Work) -> None:
    for number, employee in state.employees.items():
        if number not in named and employee.active:
            change = FieldChange("active", label("active"), shown(True), shown(False))
            plan.deactivate.append(Entry(None, number, employee.full_name, [change]))
            work.deactivate_ids.append(employee.pk)


def _plan_accounts(rows: list[Row], state: _State, plan: Plan, work: Work, *, invite: bool) -> None:
    """New accounts for active employees with an email; existing accounts brought in line with the employee."""
    after = _employees_after(rows, state, work)
    for number, person in after.items():
        employee = state.employees.get(number)
        user = state.users.get(employee.user_id) if employee is not None and employee.user_id else None
        if user is None:
            _plan_new_account(number, person, state, plan, work)
            continue
        wanted = {"first_name": person["first_name"], "last_name": person["last_name"], "is_active": person["active"]}
        if person["work_email"]:
            wanted["email"] = person["work_email"]  # an account keeps its address when HR's export has none
        changes = [
            FieldChange(key, verbose_name(User, key), shown(user[key]), shown(value))
            for key, value in wanted.items()
            if user[key] != value
        ]
        if changes:
            plan.accounts_change.append(Entry(person["row"], number, user["username"], changes))
            work.accounts_update.append((user["id"], {change.field: wanted[change.field] for change in changes}))
    plan.invitations = len(plan.accounts_create) if invite else 0


def _plan_new_account(number: str, person: dict[str, Any], state: _State, plan: Plan, work: Work) -> None:
    if not (person["active"] and person["work_email"]):
        return
    username = number.lower()
    if username in state.taken_usernames:
        plan.errors.append(
            RowError(person["row"] or 0, number, _("The account name %(username)s is already someone else's.") % {
                "username": username})
        )  # fmt: skip
        return
    plan.accounts_create.append(Entry(person["row"], number, username))
    work.accounts_create.append(
        {
            "number": number,
            "username": username,
            "email": person["work_email"],
            "first_name": person["first_name"],
            "last_name": person["last_name"],
        }
    )


def _employees_after(rows: list[Row], state: _State, work: Work) -> dict[str, dict[str, Any]]:
    """Name, email and active of everyone the import touches, as they will be once it is applied."""
    after: dict[str, dict[str, Any]] = {}
    for row in rows:
        existing = state.employees.get(row.number)
        base = {
            "first_name": existing.first_name if existing else "",
            "last_name": existing.last_name if existing else "",
            "work_email": existing.work_email if existing else "",
            "active": existing.active if existing else True,
        }
        picked = {key: row.values[key] for key in base if key in row.values}
        after[row.number] = {**base, **picked, "row": row.row}
    leaving = set(work.deactivate_ids)
    for employee in (e for e in state.employees.values() if e.pk in leaving):
        after[employee.employee_number] = {
            "first_name": employee.first_name,
            "last_name": employee.last_name,
            "work_email": employee.work_email,
            "active": False,
            "row": None,
        }
    return after
