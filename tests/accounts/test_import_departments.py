"""Importing the department tree from an HR export."""

import pytest
from django.core.exceptions import ValidationError

from accounts.importing import apply_import, preview_import
from org.models import Department
from tests.accounts.conftest import as_csv

HEADERS = ["Code", "Name", "Parent code", "Active"]


def unit(code: str, name: str, parent: str = "", active: str = "yes") -> dict[str, str]:
    return {"Code": code, "Name": name, "Parent code": parent, "Active": active}


def tree(org) -> list[dict[str, str]]:
    return [
        unit(d.code, d.name_en or d.name, d.parent.code if d.parent else "")
        for d in Department.objects.select_related("parent")
    ]


def plan_of(rows, *, deactivate_absent=False):
    return preview_import(kind="departments", content=as_csv(rows, HEADERS), deactivate_absent=deactivate_absent)


def apply(rows, *, deactivate_absent=False):
    return apply_import(
        kind="departments", content=as_csv(rows, HEADERS), deactivate_absent=deactivate_absent, by=None, source="d"
    )


def test_new_departments_are_placed_under_parents_named_anywhere_in_the_file(org):
    apply([unit("PW-W-METER", "Meters", "PW-W-NEW"), unit("PW-W-NEW", "New water", "PW-W")])
    meters = Department.objects.get(code="PW-W-METER")
    assert meters.parent.code == "PW-W-NEW"
    assert meters.path.startswith(org.water.path)
    assert meters.depth == 4


def test_moving_a_department_moves_its_subtree_and_a_second_import_changes_nothing(org):
    rows = tree(org)
    water = next(row for row in rows if row["Code"] == "PW-W")
    water["Parent code"] = "HLTH"
    water["Name"] = "Water and Sewer"
    [entry] = plan_of(rows).change
    assert {c.field: (c.before, c.after) for c in entry.changes} == {
        "name": ("Water", "Water and Sewer"),
        "parent": ("PW", "HLTH"),
    }
    apply(rows)
    org.water.refresh_from_db()
    assert org.water.path.startswith(org.health.path) and org.water.name_en == "Water and Sewer"
    assert plan_of(rows).writes_nothing


def test_departments_absent_or_marked_inactive_are_deactivated_and_kept(org):
    rows = [row for row in tree(org) if row["Code"] != "HLTH-C"]
    next(row for row in rows if row["Code"] == "PW-W")["Active"] = "no"
    plan = plan_of(rows, deactivate_absent=True)
    assert {entry.key for entry in plan.deactivate} == {"HLTH-C", "PW-W"}
    apply(rows, deactivate_absent=True)
    assert set(Department.objects.filter(active=False).values_list("code", flat=True)) == {"HLTH-C", "PW-W"}
    assert org.clinic.employees.exists()  # its people stay where they were


@pytest.mark.parametrize(
    "rows,message",
    [
        ([unit("X", "X", "NOPE")], "Unknown parent code NOPE."),
        ([unit("X", "X", "Y"), unit("Y", "Y", "X")], "Parent loop: X → Y → X."),
        ([unit("X", "X"), unit("X", "Again")], "Code X is also on row 2."),
        ([unit("X", "")], "Name is missing."),
        ([unit("X", "X", active="perhaps")], "neither yes nor no"),
    ],
    ids=["unknown parent", "loop", "duplicate", "missing name", "bad active"],
)
def test_a_bad_department_row_is_reported_and_nothing_is_applied(org, rows, message):
    plan = plan_of(rows)
    assert any(message in error.message for error in plan.errors), plan.errors
    with pytest.raises(ValidationError):
        apply(rows)
    assert not Department.objects.filter(code__in=["X", "Y"]).exists()
