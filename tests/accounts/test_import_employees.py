"""Importing employees from an HR export: the rules, called through the services."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError

from accounts.importing import apply_import, preview_import
from accounts.models import AuditAction, AuditEvent, Invitation
from org.models import Employee
from org.roles import Role
from tests.accounts.conftest import HEADERS, as_csv, as_xlsx, person, roster


def plan_of(content: bytes, *, deactivate_absent: bool = False):
    return preview_import(kind="employees", content=content, deactivate_absent=deactivate_absent)


def apply(content: bytes, *, by=None, deactivate_absent: bool = False):
    return apply_import(kind="employees", content=content, deactivate_absent=deactivate_absent, by=by, source="t.csv")


def test_new_staff_are_created_with_their_supervisor_named_later_in_the_file(org, hr):
    content = as_csv([person("N-2", supervisor="N-1"), person("N-1", supervisor=org.pw_head.employee_number)])
    plan = apply(content, by=hr)
    assert plan.counts()["created"] == 2
    clerk = Employee.objects.get(employee_number="N-2")
    assert clerk.supervisor.employee_number == "N-1"
    assert clerk.supervisor.supervisor == org.pw_head
    assert clerk.department == org.water
    assert clerk.base_salary == Decimal("50000.00")
    assert clerk.pay_grade == "G10"
    # No midpoint in the file: the middle of 40,000 and 60,000.
    assert clerk.pay_range_midpoint == Decimal("50000.00")
    event = AuditEvent.objects.get(action=AuditAction.IMPORTED)
    assert event.actor == hr and event.details["created"] == 2


def test_an_odd_range_gets_its_midpoint_rounded_half_up_to_cents(org):
    apply(as_csv([person("N-1", **{"Pay range minimum": "40000.01", "Pay range maximum": "60000.00"})]))
    # (40,000.01 + 60,000.00) / 2 = 50,000.005 -> 50,000.01
    assert Employee.objects.get(employee_number="N-1").pay_range_midpoint == Decimal("50000.01")


def test_each_new_employee_with_an_email_gets_an_employee_account_and_one_invitation(org):
    apply(as_csv([person("N-1"), person("N-2", **{"Work email": ""})]))
    user = User.objects.get(username="n-1")
    assert user.email == "n-1@county.example.gov" and user.is_active and not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [Role.EMPLOYEE.value]
    assert Employee.objects.get(employee_number="N-1").user == user
    assert Employee.objects.get(employee_number="N-2").user is None
    assert Invitation.objects.filter(user=user).count() == 1


def test_with_single_sign_on_accounts_are_made_but_nobody_is_invited(org, settings):
    settings.SSO_ENABLED = True
    plan = apply(as_csv([person("N-1")]))
    assert plan.invitations == 0
    assert User.objects.filter(username="n-1").exists()
    assert not Invitation.objects.exists()


def test_a_second_import_of_the_same_file_changes_nothing_and_invites_nobody_again(org):
    content = as_csv([*roster(org), person("N-1")])
    apply(content)
    again = plan_of(content)
    assert again.writes_nothing and again.unchanged == again.rows
    apply(content)
    assert Invitation.objects.count() == 1


def test_a_change_lists_each_field_before_and_after(org):
    content = as_csv([person(org.water_worker.employee_number, **{"Job title": "Senior clerk", "Salary": "52000"})])
    plan = plan_of(content)
    [entry] = plan.change
    changed = {change.field: (change.before, change.after) for change in entry.changes}
    assert changed["job_title"] == ("Clerk", "Senior clerk")
    assert changed["base_salary"] == ("50000.00", "52000.00")
    assert changed["first_name"] == ("Walter", "Ana")


def test_a_column_the_file_lacks_leaves_the_field_alone(org):
    worker = org.water_worker
    headers = ["Employee number", "First name", "Last name", "Department code", "Job title"]
    row = {"Employee number": worker.employee_number, "First name": "Walter", "Last name": worker.last_name,
           "Department code": "PW-W", "Job title": "Clerk"}  # fmt: skip
    plan = plan_of(as_csv([row], headers))
    assert plan.unchanged == 1 and not plan.change


def test_headers_are_read_whatever_their_case_spaces_and_usual_spellings(org):
    headers = ["EMP #", "first_name", "LAST NAME", "Dept", "Title", "Email Address", "status", "Notes"]
    row = {"EMP #": "N-1", "first_name": "Ana", "LAST NAME": "Ruiz", "Dept": "pw-w", "Title": "Clerk",
           "Email Address": "Ana.Ruiz@County.example.gov", "status": "A", "Notes": "x"}  # fmt: skip
    plan = plan_of(as_csv([row], headers))
    assert not plan.errors, plan.errors
    assert plan.ignored_columns == ["Notes"]
    apply(as_csv([row], headers))
    assert Employee.objects.get(employee_number="N-1").work_email == "ana.ruiz@county.example.gov"


def test_an_excel_workbook_imports_like_a_csv(org):
    apply(as_xlsx([person("N-1", **{"Hire date": "03/31/2024"})]))
    assert str(Employee.objects.get(employee_number="N-1").hire_date) == "2024-03-31"


ROW_ERRORS = {
    "unknown department": ({"Department code": "NOPE"}, "Unknown department code NOPE"),
    "unknown supervisor": ({"Supervisor number": "X-999"}, "Unknown supervisor number X-999"),
    "bad date": ({"Hire date": "31/13/2024"}, "Hire date: “31/13/2024” is not a date"),
    "bad money": ({"Salary": "fifty"}, "Salary: “fifty” is not an amount of money"),
    "minimum above maximum": ({"Pay range minimum": "70000"}, "The pay range minimum is above its maximum"),
    "negative salary": ({"Salary": "-1"}, "Salary: is negative"),
    "missing first name": ({"First name": " "}, "First name is missing"),
    "missing department": ({"Department code": ""}, "Department is missing"),
    "bad email": ({"Work email": "ana@"}, "Work email: “ana@” is not an email address"),
    "bad active": ({"Active": "maybe"}, "Active: “maybe” is neither yes nor no"),
    "self supervision": ({"Supervisor number": "N-1"}, "Supervisor loop: N-1 → N-1"),
    "too long": ({"Job title": "x" * 151}, "Job title: is longer than 150 characters"),
}


@pytest.mark.parametrize("overrides,message", ROW_ERRORS.values(), ids=ROW_ERRORS.keys())
def test_a_bad_row_is_reported_with_its_number_and_nothing_is_applied(org, overrides, message):
    content = as_csv([person("N-0"), person("N-1", **overrides)])
    plan = plan_of(content)
    assert [(error.row, error.key) for error in plan.errors] == [(3, "N-1")]
    assert message in plan.errors[0].message
    with pytest.raises(ValidationError, match="1 row error"):
        apply(content)
    assert not Employee.objects.filter(employee_number__startswith="N-").exists()


def test_a_duplicate_employee_number_is_an_error_on_the_later_row(org):
    plan = plan_of(as_csv([person("N-1"), person("N-2"), person("N-1", **{"Work email": "other@x.example"})]))
    assert [(e.row, e.message) for e in plan.errors] == [(4, "Employee number N-1 is also on row 2.")]


def test_a_supervisor_loop_across_rows_and_the_database_is_an_error(org):
    worker = org.water_worker.employee_number
    plan = plan_of(as_csv([person("N-1", supervisor=worker), person(worker, supervisor="N-1")]))
    assert {error.row for error in plan.errors} == {2, 3}
    assert "Supervisor loop" in plan.errors[0].message


def test_an_account_name_already_taken_is_an_error(org):
    User.objects.create_user(username="n-1")
    plan = plan_of(as_csv([person("N-1")]))
    assert plan.errors[0].message == "The account name n-1 is already someone else's."


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "The file is empty."),
        (b"%PDF-1.4\x00\x01binary", "neither a CSV file nor an Excel"),
        (b"\xd0\xcf\x11\xe0old excel", "old Excel (.xls)"),
        (b"PK\x03\x04not really a zip", "could not be read as an Excel"),
        (b"Employee number,First name\nN-1,Ana\n", "no column for: Last name, Department code, Job title"),
        (b"Employee number,First name,Last name,Dept,Title,Min\nN-1,A,B,PW,C,1\n", "needs both its columns"),
    ],
    ids=["empty", "binary", "xls", "broken xlsx", "missing columns", "half a pay range"],
)
def test_a_file_that_cannot_be_an_hr_export_is_refused_with_a_message(org, content, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        plan_of(content)


def test_leavers_are_deactivated_with_their_account_and_their_history_stays(org):
    everyone = roster(org)
    worker = org.water_worker
    leaver_row = next(row for row in everyone if row["Employee number"] == worker.employee_number)
    leaver_row["Active"] = "T"
    absent = org.clinic_worker
    content = as_csv([row for row in everyone if row["Employee number"] != absent.employee_number])
    plan = plan_of(content, deactivate_absent=True)
    assert not plan.errors, plan.errors
    assert {entry.key for entry in plan.deactivate} == {worker.employee_number, absent.employee_number}
    apply(content, deactivate_absent=True)
    worker.refresh_from_db()
    absent.refresh_from_db()
    assert not worker.active and not absent.active
    assert worker.user is not None and not worker.user.is_active  # the account stays, switched off
    assert Employee.objects.filter(pk=absent.pk).exists()


def test_a_file_that_would_switch_off_every_program_admin_is_refused(org):
    # The program is run by one person on the payroll: the water worker, made program admin.
    User.objects.filter(is_superuser=True).update(is_active=False)
    org.employee_user.groups.add(Group.objects.get_or_create(name=Role.PROGRAM_ADMIN.value)[0])
    admin_number = org.employee_user.employee.employee_number
    without_admin = [row for row in roster(org) if row["Employee number"] != admin_number]
    plan = plan_of(as_csv(without_admin), deactivate_absent=True)
    assert [error.message for error in plan.errors] == [
        (
            "This import would switch off the account of every program admin, and nobody could run the program "
            'afterwards. Keep at least one of them active in the file, or untick "The file lists everyone".'
        )
    ]
    User.objects.create_superuser("it-admin", "it@example.gov", "a-long-passphrase-2026")
    assert not plan_of(as_csv(without_admin), deactivate_absent=True).errors  # another admin keeps the keys


def test_without_deactivate_absent_people_missing_from_the_file_stay_active(org):
    plan = plan_of(as_csv([person("N-1")]), deactivate_absent=False)
    assert not plan.deactivate


@pytest.mark.postgres
def test_two_thousand_rows_preview_apply_and_import_again_as_nothing(org, hr):
    rows = [person(f"B{index:05d}", supervisor=f"B{index // 10:05d}" if index >= 10 else "") for index in range(2000)]
    content = as_csv(rows)
    plan = plan_of(content)
    assert not plan.errors and len(plan.create) == 2000 and len(plan.accounts_create) == 2000
    apply(content, by=hr)
    assert Employee.objects.filter(employee_number__startswith="B").count() == 2000
    assert Employee.objects.get(employee_number="B01999").supervisor.employee_number == "B00199"
    assert Invitation.objects.count() == 2000
    assert plan_of(content).writes_nothing
    assert HEADERS  # the documented headers are the ones the test writes
