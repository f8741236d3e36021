"""Building HR export files for the import tests: rows as dicts, written as CSV (or XLSX) bytes."""

import csv
import io

import pytest
from openpyxl import Workbook

HEADERS = [
    "Employee number",
    "First name",
    "Last name",
    "Work email",
    "Department code",
    "Supervisor number",
    "Job title",
    "Hire date",
    "Pay grade",
    "Pay range minimum",
    "Pay range maximum",
    "Salary",
    "Active",
]


def person(number: str, department: str = "PW-W", supervisor: str = "", **overrides: str) -> dict[str, str]:
    """One row of an employee file, with believable values unless told otherwise."""
    row = {
        "Employee number": number,
        "First name": "Ana",
        "Last name": f"Lopez{number}",
        "Work email": f"{number.lower()}@county.example.gov",
        "Department code": department,
        "Supervisor number": supervisor,
        "Job title": "Clerk",
        "Hire date": "2021-04-01",
        "Pay grade": "G10",
        "Pay range minimum": "40000",
        "Pay range maximum": "60000",
        "Salary": "50,000.00",
        "Active": "yes",
    }
    row.update(overrides)
    return row


def as_csv(rows: list[dict[str, str]], headers: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers or HEADERS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def as_xlsx(rows: list[dict[str, str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row[header] for header in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def roster(org) -> list[dict[str, str]]:
    """The small county of make_org() as its HR system would export it (so nobody is absent)."""
    from org.models import Employee

    return [
        person(
            e.employee_number,
            e.department.code,
            e.supervisor.employee_number if e.supervisor else "",
            **{
                "First name": e.first_name,
                "Last name": e.last_name,
                "Work email": e.work_email,
                "Job title": e.job_title,
            },
        )
        for e in Employee.objects.select_related("department", "supervisor")
    ]


@pytest.fixture
def hr(org):
    return org.hr_user
