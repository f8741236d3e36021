"""Departments from an HR export: code, name, parent code, active.

The rules mirror the employee import's: the code is the key; code and name are required; the parent is named
by code, in the file (in any order) or already in the database, and no department may end up under itself;
a row with active = no deactivates the department, and with `deactivate_absent` so does being absent from the
file. Deactivating keeps the department, its people and its history. The name is the English (default
language) name; the Spanish one is kept as it is.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from accounts.importing import values
from accounts.importing.files import Column, Table, read_table
from accounts.importing.plan import Entry, FieldChange, Plan, RowError, verbose_name
from org.models import Department

COLUMNS = (
    Column("code", "Code", ("department code", "dept code", "dept id", "department id", "org code"), required=True),
    Column("name", "Name", ("department name", "dept name", "description"), required=True),
    Column("parent", "Parent code", ("parent", "parent department", "parent department code", "parent id")),
    Column("active", "Active", ("status", "is active")),
)


@dataclass
class DepartmentWork:
    order: list[str] = field(default_factory=list)  # codes to create or change, parents before children
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    deactivate_ids: list[int] = field(default_factory=list)


def _label(name: str) -> str:
    return verbose_name(Department, name)


def _read(table: Table) -> tuple[dict[str, dict[str, Any]], list[RowError], set[str]]:
    rows: dict[str, dict[str, Any]] = {}
    errors: list[RowError] = []
    named: set[str] = set()
    for number, cells in table.rows:
        code = values.text(table.cell(cells, "code"), limit=1000)[:20]
        named.add(code.upper())
        try:
            row: dict[str, Any] = {
                "row": number,
                "code": values.text(table.cell(cells, "code"), limit=20),
                "name": values.text(table.cell(cells, "name"), limit=200),
                "parent": values.text(table.cell(cells, "parent"), limit=20) if table.has("parent") else None,
                "active": values.active(table.cell(cells, "active")),
            }
        except values.CellError as problem:
            errors.append(RowError(number, code, str(problem).capitalize()))
            continue
        missing = [_label(key) for key in ("code", "name") if not row[key]]
        if missing:
            errors += [RowError(number, code, _("%(column)s is missing.") % {"column": m}) for m in missing]
        elif row["code"].upper() in rows:
            first = rows[row["code"].upper()]["row"]
            errors.append(
                RowError(number, code, _("Code %(code)s is also on row %(row)s.") % {"code": code, "row": first})
            )
        else:
            rows[row["code"].upper()] = row
    return rows, errors, named


def plan_departments(*, content: bytes, deactivate_absent: bool) -> Plan:
    table = read_table(content, COLUMNS)
    rows, errors, named = _read(table)
    plan = Plan(kind="departments", rows=len(table.rows), ignored_columns=table.ignored, errors=errors)
    existing = {d.code.upper(): d for d in Department.objects.select_related("parent").order_by("path")}
    parent_of = {code: (d.parent.code.upper() if d.parent else "") for code, d in existing.items()}
    for key, row in rows.items():
        if row["parent"] is not None:
            parent_of[key] = row["parent"].upper()
        if parent_of[key] and parent_of[key] not in rows and parent_of[key] not in existing:
            plan.errors.append(
                RowError(row["row"], row["code"], _("Unknown parent code %(code)s.") % {"code": row["parent"]})
            )
    plan.errors += _loops(rows, parent_of)
    bad = {error.row for error in plan.errors}
    work = DepartmentWork()
    for key in _parents_first(rows, parent_of):
        if rows[key]["row"] not in bad:
            _plan_row(rows[key], rows, existing, parent_of, plan, work)
    if deactivate_absent:
        for key, department in existing.items():
            if key not in named and department.active:
                change = FieldChange("active", _label("active"), _("yes"), _("no"))
                plan.deactivate.append(Entry(None, department.code, department.name_en or department.name, [change]))
                work.deactivate_ids.append(department.pk)
    plan.errors.sort(key=lambda error: error.row)
    plan.work = work
    return plan


def _loops(rows: dict[str, dict[str, Any]], parent_of: dict[str, str]) -> list[RowError]:
    errors = []
    for key, row in rows.items():
        chain = [key]
        parent = parent_of.get(key)
        while parent and parent not in chain and len(chain) <= len(parent_of):
            chain.append(parent)
            parent = parent_of.get(parent)
        if parent == key:
            errors.append(
                RowError(row["row"], row["code"], _("Parent loop: %(chain)s.") % {"chain": " → ".join([*chain, key])})
            )
    return errors


def _parents_first(rows: dict[str, dict[str, Any]], parent_of: dict[str, str]) -> list[str]:
    def depth(key: str) -> int:
        seen = 0
        while parent_of.get(key) and seen <= len(parent_of):
            key, seen = parent_of[key], seen + 1
        return seen

    return sorted(rows, key=lambda key: (depth(key), rows[key]["row"]))


def _plan_row(
    row: dict[str, Any],
    rows: dict[str, dict[str, Any]],
    existing: dict[str, Department],
    parent_of: dict[str, str],
    plan: Plan,
    work: DepartmentWork,
) -> None:
    key = row["code"].upper()
    department = existing.get(key)
    parent_key = parent_of.get(key, "")
    parent_code = (
        existing[parent_key].code if parent_key in existing else rows[parent_key]["code"] if parent_key else ""
    )
    new = {"name": row["name"], "parent": parent_code, "active": row["active"]}
    if department is None:
        plan.create.append(Entry(row["row"], row["code"], row["name"]))
        work.order.append(row["code"])
        work.values[row["code"]] = new
        return
    before = {
        "name": department.name_en or "",
        "parent": department.parent.code if department.parent else "",
        "active": department.active,
    }
    changes = [
        FieldChange(name, _label(name), _shown(before[name]), _shown(new[name]))
        for name in new
        if before[name] != new[name]
    ]
    if not changes:
        plan.unchanged += 1
        return
    leaving = department.active and not row["active"]
    (plan.deactivate if leaving else plan.change).append(Entry(row["row"], department.code, row["name"], changes))
    work.order.append(department.code)
    work.values[department.code] = new


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)
