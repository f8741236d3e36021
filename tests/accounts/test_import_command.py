"""python manage.py import_employees: the nightly sync from a file drop."""

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from org.models import Department, Employee
from tests.accounts.conftest import as_csv, person

ROOT = __file__.rsplit("/tests/", 1)[0]


def test_help_works():
    result = subprocess.run(
        [sys.executable, "manage.py", "import_employees", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "--dry-run" in result.stdout and "--departments" in result.stdout


def test_a_dry_run_prints_the_plan_and_writes_nothing(org, tmp_path, capsys):
    path = tmp_path / "staff.csv"
    path.write_bytes(as_csv([person("N-1"), person("N-2")]))
    call_command("import_employees", str(path), "--dry-run", "--keep-absent")
    out = capsys.readouterr().out
    assert "created: 2" in out and "Dry run" in out
    assert not Employee.objects.filter(employee_number__startswith="N-").exists()


def test_the_command_applies_the_file(org, tmp_path, capsys):
    path = tmp_path / "staff.csv"
    path.write_bytes(as_csv([person("N-1")]))
    call_command("import_employees", str(path), "--keep-absent")
    assert Employee.objects.filter(employee_number="N-1").exists()


def test_row_errors_make_the_command_fail_and_write_nothing(org, tmp_path, capsys):
    path = tmp_path / "staff.csv"
    path.write_bytes(as_csv([person("N-1"), person("N-2", **{"Hire date": "soon"})]))
    with pytest.raises(CommandError, match="1 row errors"):
        call_command("import_employees", str(path))
    assert "row 3 (N-2): Hire date" in capsys.readouterr().err
    assert not Employee.objects.filter(employee_number="N-1").exists()


def test_an_unreadable_file_fails_with_a_message(org, tmp_path):
    path = tmp_path / "staff.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0old")
    with pytest.raises(CommandError, match="old Excel"):
        call_command("import_employees", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_employees", str(tmp_path / "missing.csv"))


def test_departments_come_in_with_the_departments_flag(org, tmp_path):
    path = tmp_path / "departments.csv"
    path.write_bytes(as_csv([{"Code": "NEW", "Name": "New", "Parent code": "CTY"}], ["Code", "Name", "Parent code"]))
    call_command("import_employees", str(path), "--departments", "--keep-absent")
    assert Department.objects.get(code="NEW").parent == org.county
